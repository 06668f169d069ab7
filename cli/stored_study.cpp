#include "cli/stored_study.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/table.h"
#include "cli/terminal.h"
#include "runtime/store/open_store.h"

namespace xp::cli {
namespace {

struct StudyCounts {
  int complete = 0, pruned = 0, failed = 0, running = 0;
  int best = -1;  // index into the trials
};

StudyCounts count_trials(const std::vector<rt::TrialRecord>& trials, bool maximize) {
  StudyCounts c;
  for (const auto& t : trials) {
    c.complete += t.state == rt::TrialState::Complete;
    c.pruned += t.state == rt::TrialState::Pruned;
    c.failed += t.state == rt::TrialState::Failed;
    c.running += t.state == rt::TrialState::Running;
  }
  c.best = rt::best_index(trials, maximize);
  return c;
}

std::string value_text(double v) { return fmt::format("{:.6g}", v); }

std::string hypers_text(const ir::Assignment& hypers) {
  std::string out;
  for (const auto& [name, v] : hypers) out += (out.empty() ? "" : ", ") + name + " = " + v.str();
  return out;
}

int list_studies(rt::StudyStore& store) {
  const auto names = store.study_names();
  if (names.empty()) {
    fmt::print("{} holds no study\n", store.where());
    return kExitOk;
  }
  Table table({{"study"}, {"method"}, {"direction"}, {"trials", Table::Align::Right}, {"complete", Table::Align::Right},
               {"running", Table::Align::Right}, {"best", Table::Align::Right}});
  for (const auto& name : names) {
    auto info = store.find_study(name);
    if (!info) continue;  // deleted meanwhile
    const auto trials = store.load_trials(name);
    const StudyCounts c = count_trials(trials, info->maximize);
    table.row({name, info->method, info->maximize ? "maximize" : "minimize", std::to_string(trials.size()),
               std::to_string(c.complete), std::to_string(c.running),
               c.best >= 0 ? value_text(trials[static_cast<size_t>(c.best)].value) : "—"});
  }
  fmt::print("studies in {}:\n{}", store.where(), table.render(2, Style{Terminal::detect(stdout).color}));
  return kExitOk;
}

nlohmann::json stored_trial_json(const rt::TrialRecord& t) {
  nlohmann::json hypers = nlohmann::json::object();
  for (const auto& [name, v] : t.hypers) hypers[name] = v.str();
  nlohmann::json j = {{"number", t.number}, {"state", rt::to_string(t.state)}, {"hypers", hypers},
                      {"seed", t.seed}, {"seconds", t.seconds}};
  if (t.state == rt::TrialState::Complete) j["value"] = t.value;
  if (!t.reason.empty()) j["reason"] = t.reason;
  if (!t.metrics.empty()) j["metrics"] = t.metrics;
  return j;
}

int show_one(rt::StudyStore& store, const std::string& name, const ShowOptions& o) {
  auto info = store.find_study(name);
  if (!info) {
    std::string known;
    for (const auto& n : store.study_names()) known += (known.empty() ? "" : ", ") + n;
    fmt::print(stderr, "error: there is no study `{}` in {}{}\n", name, store.where(),
               known.empty() ? " (it holds none)" : " (it holds: " + known + ")");
    return kExitUsage;
  }
  const auto trials = store.load_trials(name);
  const StudyCounts c = count_trials(trials, info->maximize);
  if (o.json) {
    nlohmann::json j = {{"study", name},       {"store", store.where()}, {"method", info->method},
                        {"direction", info->maximize ? "maximize" : "minimize"},
                        {"seed", info->seed},  {"trials", nlohmann::json::array()}};
    for (const auto& t : trials) j["trials"].push_back(stored_trial_json(t));
    if (c.best >= 0) j["best"] = trials[static_cast<size_t>(c.best)].number;
    fmt::print("{}\n", j.dump(2));
    return kExitOk;
  }
  fmt::print("study `{}` in {}: {}, {}, seed {}\n", name, store.where(), info->method,
             info->maximize ? "maximize" : "minimize", info->seed);
  fmt::print("{} trials: {} complete, {} pruned, {} failed, {} running\n", trials.size(), c.complete, c.pruned, c.failed,
             c.running);
  if (c.best < 0) return kExitOk;
  const auto& best = trials[static_cast<size_t>(c.best)];
  fmt::print("best: trial {}, value {} ({})\n", best.number, value_text(best.value), hypers_text(best.hypers));
  // The best complete trials, best first.
  std::vector<const rt::TrialRecord*> ranked;
  for (const auto& t : trials)
    if (t.state == rt::TrialState::Complete) ranked.push_back(&t);
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto* a, const auto* b) {
    return info->maximize ? a->value > b->value : a->value < b->value;
  });
  ranked.resize(std::min(ranked.size(), static_cast<size_t>(std::max(1, o.top))));
  std::set<std::string> names;
  for (const auto* t : ranked)
    for (const auto& [n, v] : t->hypers) names.insert(n);
  std::vector<Table::Column> columns = {{"trial", Table::Align::Right}, {"value", Table::Align::Right}};
  for (const auto& n : names) columns.push_back({n});
  Table table(columns);
  for (const auto* t : ranked) {
    std::vector<std::string> row = {std::to_string(t->number), value_text(t->value)};
    for (const auto& n : names) {
      auto it = t->hypers.find(n);
      row.push_back(it == t->hypers.end() ? "—" : it->second.str());
    }
    table.row(std::move(row));
  }
  fmt::print("top {}:\n{}", ranked.size(), table.render(2, Style{Terminal::detect(stdout).color}));
  return kExitOk;
}

}  // namespace

int show_stored_study(const ShowOptions& o) {
  try {
    auto store = rt::open_store_url(o.storage);
    return o.study.empty() ? list_studies(*store) : show_one(*store, o.study, o);
  } catch (const rt::StoreError& e) {
    fmt::print(stderr, "error: the study store {} cannot be read: {}\n", rt::shown_store_url(o.storage), e.what());
    return kExitUsage;
  }
}

}  // namespace xp::cli
