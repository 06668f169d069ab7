#pragma once
// Pieces of report.json (schema exp.report/2, docs/report.md), each built by
// one function so the CLI's console report and report.html read the same
// shapes the tests validate. Absent things are omitted, never null.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/train/train.h"
#include "runtime/core/trial.h"

namespace xp::rt {

struct NamedTensor {
  std::string name;              // W1, block1.W (relative to the model)
  std::vector<int64_t> shape;
  const float* values = nullptr;
  size_t count = 0;
};

nlohmann::json hyper_json(const ir::Value& v);             // 0.01, 16, "relu", "text"
nlohmann::json hypers_json(const ir::Assignment& a);       // {"lr": 0.01, "act": "relu"}
nlohmann::json search_space_json(const ir::SearchSpace& space);
nlohmann::json data_json(const PreparedData& data);
nlohmann::json params_json(const std::vector<NamedTensor>& params);  // {name: {shape, count, norm, preview}}
nlohmann::json history_json(const std::vector<EpochRecord>& history);
nlohmann::json trial_json(const TrialRecord& t);
// One CSV row per trial: number, state, value, budget (epochs trained, or
// folds under cv; empty when it reported none), seconds, one column per hyper
// of the space (empty when inactive).
std::string trials_csv(const std::vector<TrialRecord>& trials, const ir::SearchSpace& space);
// "fnv1a64:<16 hex digits>" of a byte string.
std::string content_hash(const std::string& bytes);
// Seconds-precision UTC time, "2026-11-27T01:02:03Z".
std::string utc_now_iso8601();

}  // namespace xp::rt
