#pragma once
// A REPL prediction's row by column name: `net({plan: "pro", tenure: 12})`.
// The values are the data file's own — numbers, text in quotes or a bare
// word for a category — so the saved schema encodes them (one-hot levels,
// dates, scaling) exactly as `exp predict` encodes a CSV row.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xp::cli {

struct NamedCell {
  std::string column;
  std::string value;  // as a CSV cell would hold it (quotes removed)
};

// `{a: 1, b: "x y", c: word}` → cells in the order written; nullopt with
// `why` set when it is not such a row (unbalanced quotes, a missing `:`, a
// name given twice, an empty value).
std::optional<std::vector<NamedCell>> parse_named_row(std::string_view text, std::string& why);

}  // namespace xp::cli
