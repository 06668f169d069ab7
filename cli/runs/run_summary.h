#pragma once
// One run folder's report.json reduced to what `exp runs` lists and sorts
// by, as JSON (also what `exp runs --json` prints per run): run, script,
// created, seed, model, task, data {name, fingerprints, digest}, best
// {objective, direction, value}, metrics, hypers, seconds.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace xp::cli {

nlohmann::json summarize_run(const std::string& folder, const nlohmann::json& report);

// One summary per model the run reports (rt::report::model_entries): a
// script with several train blocks gives one row each in `exp runs`, so every
// model's metrics and best objective are listed, filtered and sorted, not
// only the last one's. Several: each also has "models" (how many) and
// "model_number" (its place in the run, from 1).
std::vector<nlohmann::json> summarize_run_models(const std::string& folder, const nlohmann::json& report);

// A field of a summary by the name users write after --sort and --filter:
// a dotted path ("data.name", "hypers.lr", "best.value") or a short form —
// "test.accuracy" (a metric of a split), "best", "duration", "data". Null when absent.
nlohmann::json summary_field(const nlohmann::json& summary, std::string_view key);

// The run folders under `folder` (itself included, and up to three levels
// down), in path order: every folder holding a report.json.
std::vector<std::string> find_run_folders(const std::string& folder);

}  // namespace xp::cli
