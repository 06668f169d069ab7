#pragma once
// Validates a report.json against the documented schema (docs/report.md,
// `exp.report/2`, reading /1 too): required keys, the type of every documented key, the
// spelling of enumerations, and cross-checks a reader relies on (a confusion
// matrix as wide as its labels, a parameter's count equal to its shape's
// product). `exp show` refuses a report with problems; tests validate every
// report the runtime writes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

// exp.report/2 adds `models` (a run that trains several models reports each;
// docs/report.md). exp.report/1 files are still read: they have one model.
inline constexpr const char* kSchema = "exp.report/2";
inline constexpr const char* kSchemaV1 = "exp.report/1";

// One line per problem, each starting with the JSON path ("trials[3].state: ...");
// empty when the report is valid. Unknown keys are allowed (newer writers).
std::vector<std::string> validate(const nlohmann::json& report);

// The run's report.json from the reports of its train blocks and black-box
// studies, in the order they ran: the last trained model's keys at the top
// level (the run's model.expm, as in exp.report/1; the last study's when no
// model was trained) and, when there are several, every one under `models`
// without the run-wide keys (schema, exp_version, created, script).
nlohmann::json run_report(const std::vector<nlohmann::json>& reports);

// The reports of each model in `report` (one for a single-model or
// exp.report/1 file), each with the run-wide keys, for the console, HTML and
// `exp show` to render one by one.
std::vector<nlohmann::json> model_entries(const nlohmann::json& report);

}  // namespace xp::rt::report
