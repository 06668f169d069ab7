#pragma once
// The rules of a split that the checker and the loader share: how many rows
// each part gets, which parts a program reads, and when a split is refused.
// The checker applies them to the probed row count (compiler/data_probe.h),
// the loader to what it loaded (runtime/data/split.cpp, load.cpp).
#include <cstddef>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp {

// Rows in each part of a split of n rows (runtime/data/split.h deals them):
// n_test = round(test·n), n_val = round(val·n), the rest is train; a
// stratified split has the same totals.
struct SplitSizes { size_t train = 0, val = 0, test = 0; };
SplitSizes split_sizes(size_t n, const ir::SplitSpec& split);

// Which parts of a data set a program reads: val (early stopping or a tune
// objective on val.*), test (a report's test metrics); and the folds a
// study's cross-validation deals its training part into (the split's
// `folds:`, else the tune block's `cv`, else 5 for a `cv.*` objective; 0:
// none), with where they were asked for.
struct PartsUsed {
  bool val = false, test = false;
  int cv_folds = 0;
  Span cv_at;
};
PartsUsed parts_used(const ir::Program& p, const std::string& data);

// A cross-validation needs a row per fold at least: false after E0809 when
// `used.cv_folds` exceeds the training part's rows. check_split applies it
// with the probed rows; the run, after loading, when the rows were not
// known at check time (options computed from hypers).
bool check_cv_folds(const std::string& data, size_t train_rows, const PartsUsed& used, Diagnostics& diags);

// The split of `d` against its data: fractions in [0, 1] adding up to 1,
// `stratify` only on a classification target, a non-empty training part and
// (when `used` is known) no empty val/test part that was asked for — an error
// when the program reads it, a warning otherwise. The checker calls it with
// the probed facts, the loader with what it loaded; false after an error.
// Below this many rows a val or test part that is scored gets W0808.
inline constexpr size_t kFewScoredRows = 10;
bool check_split(const ir::DataSpec& d, size_t rows, bool classification, const std::optional<PartsUsed>& used,
                 Diagnostics& diags);

}  // namespace xp
