#pragma once
// Validates a report.json against the documented schema (docs/report.md,
// `exp.report/1`): required keys, the type of every documented key, the
// spelling of enumerations, and cross-checks a reader relies on (a confusion
// matrix as wide as its labels, a parameter's count equal to its shape's
// product). `exp show` refuses a report with problems; tests validate every
// report the runtime writes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

inline constexpr const char* kSchema = "exp.report/1";

// One line per problem, each starting with the JSON path ("trials[3].state: ...");
// empty when the report is valid. Unknown keys are allowed (newer writers).
std::vector<std::string> validate(const nlohmann::json& report);

}  // namespace xp::rt::report
