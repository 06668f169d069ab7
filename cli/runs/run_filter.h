#pragma once
// `exp runs --filter`: one condition on a run summary's field (run_summary.h).
// FIELD=TEXT and FIELD!=TEXT compare the field's text (a number as written,
// so seed=42 and model=mlp both work); FIELD<NUMBER, <=, >, >= compare numbers.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace xp::cli {

struct RunFilter {
  std::string field;
  std::string op;     // = != < <= > >=
  std::string value;
  bool matches(const nlohmann::json& summary) const;
};

// nullopt with a sentence in `error` when `text` has no operator, no field or a non-number after < or >.
std::optional<RunFilter> parse_run_filter(const std::string& text, std::string& error);

}  // namespace xp::cli
