#pragma once
// JSON as text for every file and stream exp writes (report.json, the model
// file's metadata, `--json`, diagnostics as JSON). nlohmann's dump() throws
// type_error.316 on a string that is not UTF-8, which would abort a run after
// all its work; data files are checked for UTF-8 when read (stdlib/csv.h), and
// any other user bytes that reach here (a script's strings, a path) are
// written with U+FFFD in place of the invalid bytes instead of throwing.
#include <string>

#include <nlohmann/json.hpp>

namespace xp {

inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace xp
