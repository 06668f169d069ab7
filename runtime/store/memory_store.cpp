#include "runtime/store/memory_store.h"

#include <algorithm>
#include <chrono>

namespace xp::rt {
namespace {

double memory_store_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A write naming `attempt` (> 0) counts only while it is the trial's attempt.
bool memory_store_current(const TrialRecord& stored, int attempt) { return attempt == 0 || stored.attempt == attempt; }

}  // namespace

MemoryStore::Study& MemoryStore::study(const std::string& name) {
  auto it = studies_.find(name);
  if (it == studies_.end()) throw StoreError("no study named '" + name + "' in memory");
  return it->second;
}

std::optional<StudyInfo> MemoryStore::find_study(const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = studies_.find(name);
  if (it == studies_.end()) return std::nullopt;
  return it->second.info;
}

std::vector<std::string> MemoryStore::study_names() {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, s] : studies_) out.push_back(name);
  return out;
}

void MemoryStore::create_study(const StudyInfo& info) {
  std::lock_guard lock(mu_);
  if (studies_.count(info.name)) throw StoreError("study '" + info.name + "' already exists");
  studies_[info.name].info = info;
}

void MemoryStore::update_space(const std::string& name, const std::string& canonical, uint64_t hash,
                               const std::string& space_json) {
  std::lock_guard lock(mu_);
  StudyInfo& info = study(name).info;
  info.space_canonical = canonical;
  info.space_hash = hash;
  info.space_json = space_json;
}

void MemoryStore::delete_study(const std::string& name) {
  std::lock_guard lock(mu_);
  studies_.erase(name);
}

TrialChanges MemoryStore::load_changes(const std::string& name, int64_t since) {
  std::lock_guard lock(mu_);
  const Study& s = study(name);
  TrialChanges out;
  for (const auto& [n, t] : s.trials)
    if (s.changed.at(n) >= since) out.trials.push_back(t);
  out.cursor = s.changes + 1;
  return out;
}

bool MemoryStore::trial_started(const std::string& name, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  auto& trials = study(name).trials;
  auto it = trials.find(t.number);
  if (it != trials.end() && t.attempt > 0 && it->second.attempt != t.attempt) return false;  // superseded
  if (it != trials.end() && it->second.finished_state())
    throw StoreError("trial " + std::to_string(t.number) + " of study '" + name + "' already finished");
  if (it != trials.end() && !memory_store_current(it->second, t.attempt)) return false;
  TrialRecord copy = t;
  copy.state = TrialState::Running;
  copy.intermediate.clear();
  copy.metrics.clear();
  if (it != trials.end() && t.attempt == 0) copy.attempt = it->second.attempt;
  trials[t.number] = std::move(copy);
  study(name).touch(t.number);
  return true;
}

bool MemoryStore::trial_reported(const std::string& name, int number, int step, double value, int attempt) {
  std::lock_guard lock(mu_);
  auto& trials = study(name).trials;
  auto it = trials.find(number);
  if (it == trials.end()) throw StoreError("trial " + std::to_string(number) + " was never started");
  if (attempt > 0 && (it->second.finished_state() || !memory_store_current(it->second, attempt))) return false;
  // One value per step, kept in step order (as the SQLite store does).
  auto& iv = it->second.intermediate;
  auto pos = std::lower_bound(iv.begin(), iv.end(), step, [](const auto& p, int s) { return p.first < s; });
  if (pos != iv.end() && pos->first == step) pos->second = value;
  else iv.insert(pos, {step, value});
  study(name).touch(number);
  return true;
}

bool MemoryStore::trial_finished(const std::string& name, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  Study& s = study(name);
  auto it = s.trials.find(t.number);
  if (it == s.trials.end()) throw StoreError("trial " + std::to_string(t.number) + " was never started");
  if (t.attempt > 0 && (it->second.finished_state() || it->second.attempt != t.attempt)) return false;
  const int attempt = it->second.attempt;
  auto intermediate = std::move(it->second.intermediate);
  it->second = t;
  it->second.attempt = attempt;
  it->second.intermediate = std::move(intermediate);
  s.lease_until.erase(t.number);
  s.touch(t.number);
  return true;
}

std::optional<Claim> MemoryStore::claim_trial(const std::string& name, int limit, double lease_seconds,
                                              const std::string&) {
  std::lock_guard lock(mu_);
  Study& s = study(name);
  const double now = memory_store_now();
  for (int n = 0; n < limit; ++n) {
    auto it = s.trials.find(n);
    if (it == s.trials.end()) {
      TrialRecord fresh;
      fresh.number = n;
      fresh.attempt = 1;
      fresh.started = now;
      s.trials[n] = fresh;
      s.lease_until[n] = now + lease_seconds;
      s.touch(n);
      Claim c;
      c.number = n;
      return c;
    }
    if (it->second.finished_state()) continue;
    auto lease = s.lease_until.find(n);
    if (lease != s.lease_until.end() && lease->second > now) continue;
    Claim c;
    c.number = n;
    c.attempt = ++it->second.attempt;
    c.rerun = true;
    c.hypers = it->second.hypers;
    c.max_resource = it->second.max_resource;
    s.lease_until[n] = now + lease_seconds;
    s.touch(n);
    return c;
  }
  return std::nullopt;
}

bool MemoryStore::renew_lease(const std::string& name, int number, int attempt, double lease_seconds) {
  std::lock_guard lock(mu_);
  Study& s = study(name);
  auto it = s.trials.find(number);
  if (it == s.trials.end() || it->second.finished_state() || it->second.attempt != attempt) return false;
  s.lease_until[number] = memory_store_now() + lease_seconds;
  return true;
}

}  // namespace xp::rt
