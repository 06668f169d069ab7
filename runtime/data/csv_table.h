#pragma once
// Step two of loading a CSV file: type each column, choose the target and the
// task, encode, and report bad cells with their file:line:col.
//
//  * A column is numeric or categorical by stdlib/csv.h's rule (more than half
//    of its cells are numbers → numeric; its other cells are malformed numbers).
//  * Categorical features are one-hot encoded: one feature per level, named
//    "column=level", levels in sorted order; a missing categorical cell (when
//    imputing) is all zeros.
//  * The target is the named column (default: the last). Text → classification,
//    label-encoded with the sorted class names kept; integers with at most 20
//    distinct values → classification; otherwise regression. `task:` overrides.
//  * Missing and malformed cells are errors unless `impute:` is given: `drop`
//    removes the rows, `mean`/`median` leave NaN in numeric features, filled
//    later with statistics of the training part only (see preprocess.h). Rows
//    whose target is missing are dropped under any imputation.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics.h"
#include "runtime/data/dataset.h"
#include "runtime/data/schema.h"

namespace xp::rt {

struct CsvOptions {
  std::string target;                    // "" = the last column
  std::vector<std::string> columns;      // features to keep; empty = every column but the target
  std::optional<Task> task;              // overrides the inferred task
  Impute impute = Impute::None;
  std::vector<std::string> categorical;  // numeric columns to one-hot anyway (`onehot DATA.col`)
  Span target_span, columns_span;        // where the options were written (for unknown columns)
  std::map<std::string, Span> column_spans;  // each named column where the script wrote it (`columns:`, `onehot d.col`)
  Span span_of_column(const std::string& name) const {
    auto it = column_spans.find(name);
    return it == column_spans.end() ? columns_span : it->second;
  }
  static constexpr size_t kMaxLevels = 1000;  // per categorical column, and classes per target
};

// A whole data set before splitting.
struct Table {
  DataInfo info;
  Part all;
  Schema schema;
};

std::optional<Table> load_csv(const std::string& path, const CsvOptions& options, Diagnostics& diags);

// Encodes a CSV file (for `exp predict`) exactly as `schema` says. Columns are
// found by name, in any order; extra columns are ignored. When the file has the
// target column too, `all.Y` / `all.labels` hold it (for scoring); otherwise
// they are empty. A category never seen in training is a warning (all zeros).
std::optional<Table> load_csv_with_schema(const std::string& path, const Schema& schema, Diagnostics& diags);

}  // namespace xp::rt
