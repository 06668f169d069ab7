#include "runtime/data/csv_columns.h"

#include <cmath>
#include <limits>

#include "runtime/data/data_errors.h"
#include "stdlib/csv.h"

namespace xp::rt {

namespace csv = stdlib::csv;

const RawColumn* RawTable::find(const std::string& name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Appends one cell to a column: a number, a missing value, or a text level.
void add_cell(RawColumn& c, size_t row, const csv::Field& f,
              std::unordered_map<std::string, int32_t>& level_ids) {
  if (csv::is_missing(f.text)) {
    c.numbers.push_back(kNaN);
    if (!c.text.empty()) c.text.push_back(-1);
    if (c.first_missing.size() < RawColumn::kKeepLocations) c.first_missing.push_back({row, f.line, f.col, f.text});
    ++c.missing;
    return;
  }
  if (auto v = csv::parse_number(f.text)) {
    c.numbers.push_back(*v);
    if (!c.text.empty()) c.text.push_back(-1);
    if (*v != std::floor(*v)) c.integer = false;
    ++c.number_cells;
    return;
  }
  c.numbers.push_back(kNaN);
  if (c.text.empty()) c.text.assign(row, -1);  // first text cell: back-fill earlier rows
  std::string level = csv::level_text(f.text);
  auto [it, inserted] = level_ids.try_emplace(level, static_cast<int32_t>(c.levels.size()));
  if (inserted) c.levels.push_back(level);
  c.text.push_back(it->second);
  if (c.first_text.size() < RawColumn::kKeepLocations) c.first_text.push_back({row, f.line, f.col, f.text});
  ++c.text_cells;
}
}  // namespace

std::optional<RawTable> read_raw_columns(const std::string& path, const ColumnFilter& wanted, Diagnostics& diags) {
  std::string open_error;
  auto reader = csv::Reader::open(path, open_error);
  if (!reader) {
    diags.report(data_diag::unreadable(path, open_error));
    return std::nullopt;
  }
  RawTable t;
  t.path = path;
  std::vector<csv::Field> fields;
  if (!reader->next(fields)) {
    if (reader->error())
      diags.report(data_diag::malformed_csv(path, *reader->error()));
    else
      diags.report(data_diag::no_data(path, "the file is empty: expected a header row of column names"));
    return std::nullopt;
  }
  std::vector<int> slot;  // header index → kept column index, or -1
  for (const auto& f : fields) {
    t.header.push_back(f.text);
    if (!wanted || wanted(f.text)) {
      slot.push_back(static_cast<int>(t.columns.size()));
      t.columns.push_back(RawColumn{});
      t.columns.back().name = f.text;
    } else {
      slot.push_back(-1);
    }
  }
  std::vector<std::unordered_map<std::string, int32_t>> level_ids(t.columns.size());
  while (reader->next(fields)) {
    if (fields.size() != t.header.size()) {
      diags.report(data_diag::ragged_row(path, csv::ragged_row(fields, t.header.size(), reader->record_line())));
      return std::nullopt;
    }
    for (size_t i = 0; i < fields.size(); ++i)
      if (slot[i] >= 0) add_cell(t.columns[static_cast<size_t>(slot[i])], t.rows, fields[i], level_ids[static_cast<size_t>(slot[i])]);
    t.lines.push_back(reader->record_line());
    ++t.rows;
  }
  if (reader->error()) {
    diags.report(data_diag::malformed_csv(path, *reader->error()));
    return std::nullopt;
  }
  return t;
}

}  // namespace xp::rt
