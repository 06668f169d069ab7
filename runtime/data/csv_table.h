#pragma once
// Loading a CSV file: stdlib/csv_table.h reads it and applies the typing
// rules (the same code the checker's data probe runs at `exp check`); this
// file turns its problems into diagnostics and encodes the kept rows.
//
//  * Categorical features are one-hot encoded: one feature per level, named
//    "column=level", levels in sorted order; a missing categorical cell (when
//    imputing) is all zeros.
//  * Missing and malformed cells are errors unless `impute:` is given: `drop`
//    removes the rows, `mean`/`median` leave NaN in numeric features, filled
//    later with statistics of the training part only (see preprocess.h). Rows
//    whose target is missing are dropped under any imputation.
//  * A number beyond a 32-bit float's range (1e39) is an error (E0812), in a
//    feature or a numeric target: it would become infinite.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/data_diags.h"
#include "runtime/data/dataset.h"
#include "runtime/data/schema_json.h"

namespace xp::rt {

// The table options (stdlib/csv_table.h: sep, target, columns, task, impute,
// onehot columns), plus where the script wrote them, for the diagnostics.
struct CsvOptions : stdlib::csv::TableOptions {
  Span path_span;                        // the path's string in the script (for an unreadable file)
  Span target_span, columns_span;        // where the options were written (for unknown columns)
  std::map<std::string, Span> column_spans;  // each named column where the script wrote it (`columns:`, `onehot d.col`)
  Span span_of_column(const std::string& name) const {
    auto it = column_spans.find(name);
    return it == column_spans.end() ? columns_span : it->second;
  }
  diag::data::SourceSpans spans() const;
};

// A whole data set before splitting.
struct Table {
  DataInfo info;
  Part all;
  Schema schema;
  std::vector<size_t> scored;  // load_csv_with_schema: rows of `all` whose target is known
  std::vector<uint32_t> lines; // the file line of each row of `all` (for diagnostics about a row)
};

std::optional<Table> load_csv(const std::string& path, const CsvOptions& options, Diagnostics& diags);

// Encodes a CSV file (for `exp predict`) exactly as `schema` says, its fields
// separated by `sep`. Columns are
// found by name, in any order; extra columns are ignored. When the file has the
// target column too, `all.Y` / `all.labels` hold it (for scoring); otherwise
// they are empty; rows whose target is missing or a class never seen in
// training are left out of `scored` (with one warning). A category never seen
// in training is a warning (all zeros).
std::optional<Table> load_csv_with_schema(const stdlib::csv::Source& source, const Schema& schema, Diagnostics& diags,
                                          char sep = ',');

}  // namespace xp::rt
