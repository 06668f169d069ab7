#pragma once
// Reading a saved report back: `exp show`, the REPL and tests.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace xp::cli {

// Loads `path` (a run folder holding report.json, or the file itself) and
// validates it against the schema. On failure returns nullopt and puts a
// user-facing message (what is wrong and where) in `error`.
std::optional<nlohmann::json> load_report(const std::string& path, std::string& error);

}  // namespace xp::cli
