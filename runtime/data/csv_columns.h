#pragma once
// Step one of loading a CSV file: one streaming pass that stores each wanted
// column compactly — a double per cell, plus a level id for the cells that are
// not numbers — together with the first few locations of missing and
// non-numeric cells for diagnostics. Nothing is typed or encoded yet.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diagnostics.h"

namespace xp::rt {

struct CellRef { size_t row; uint32_t line, col; std::string text; };

struct RawColumn {
  std::string name;
  std::vector<double> numbers;       // per row; NaN when missing or not a number
  std::vector<int32_t> text;         // per row: level id of a non-number cell, -1 otherwise; empty if none
  std::vector<std::string> levels;   // id → text (trimmed)
  size_t missing = 0, text_cells = 0, number_cells = 0;
  bool integer = true;               // every number cell is an integer
  std::vector<CellRef> first_missing, first_text;  // up to kKeepLocations each
  static constexpr size_t kKeepLocations = 5;

  size_t values() const { return number_cells + text_cells; }
  bool is_missing(size_t row) const { return numbers[row] != numbers[row] && (text.empty() || text[row] < 0); }
  bool is_text(size_t row) const { return !text.empty() && text[row] >= 0; }
};

struct RawTable {
  std::string path;
  std::vector<std::string> header;   // every column of the file
  std::vector<RawColumn> columns;    // the wanted ones, in header order
  std::vector<uint32_t> lines;       // first line of each data row (for row-level messages)
  size_t rows = 0;
  const RawColumn* find(const std::string& name) const;
};

// Reads `path` once. `wanted(name)` says which columns to keep (all when
// empty). Reports unreadable files, malformed records, ragged rows and files
// without a header (E0801–E0804) and returns nullopt after an error.
using ColumnFilter = std::function<bool(const std::string&)>;
std::optional<RawTable> read_raw_columns(const std::string& path, const ColumnFilter& wanted, Diagnostics& diags);

}  // namespace xp::rt
