#include "runtime/store/memory_store.h"

#include <algorithm>

namespace xp::rt {

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

std::vector<TrialRecord> MemoryStore::load_trials(const std::string& name) {
  std::lock_guard lock(mu_);
  std::vector<TrialRecord> out;
  for (const auto& [n, t] : study(name).trials) out.push_back(t);
  return out;
}

void MemoryStore::trial_started(const std::string& name, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  auto& trials = study(name).trials;
  auto it = trials.find(t.number);
  if (it != trials.end() && it->second.finished_state())
    throw StoreError("trial " + std::to_string(t.number) + " of study '" + name + "' already finished");
  TrialRecord copy = t;
  copy.state = TrialState::Running;
  copy.intermediate.clear();
  trials[t.number] = std::move(copy);
}

void MemoryStore::trial_reported(const std::string& name, int number, int step, double value) {
  std::lock_guard lock(mu_);
  auto& trials = study(name).trials;
  auto it = trials.find(number);
  if (it == trials.end()) throw StoreError("trial " + std::to_string(number) + " was never started");
  // One value per step, kept in step order (as the SQLite store does).
  auto& iv = it->second.intermediate;
  auto pos = std::lower_bound(iv.begin(), iv.end(), step, [](const auto& p, int s) { return p.first < s; });
  if (pos != iv.end() && pos->first == step) pos->second = value;
  else iv.insert(pos, {step, value});
}

void MemoryStore::trial_finished(const std::string& name, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  auto& trials = study(name).trials;
  auto it = trials.find(t.number);
  if (it == trials.end()) throw StoreError("trial " + std::to_string(t.number) + " was never started");
  auto intermediate = std::move(it->second.intermediate);
  it->second = t;
  it->second.intermediate = std::move(intermediate);
}

}  // namespace xp::rt
