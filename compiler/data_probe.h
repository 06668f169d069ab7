#pragma once
// What the checker can learn about each `data` set without loading it for
// training: its number of features (after one-hot encoding), its task and its
// number of classes (classification) or targets (regression). Known for the
// stdlib data sets, the generators, and CSV files readable at check time;
// otherwise the shapes stay symbolic and the runtime binds them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "compiler/symbols.h"

namespace xp {

struct DataFacts {
  std::string name;
  bool known = false;             // the numbers below are filled
  int64_t features = 0;
  bool classification = true;     // else regression
  int64_t classes = 0;            // classification
  int64_t targets = 1;            // regression: target columns
  std::string origin;             // "iris.csv (150 rows)", "moons(n: 200)": for notes
  int64_t rows = -1;              // rows the loader keeps (-1: unknown), for the split checks
};
using DataFactsByName = std::map<std::string, DataFacts>;

// Reads the script's own data files (a `csv` with a constant path and
// options, a shipped data set) the way the loader will, and reports into
// `diags` (when given) every error the loader would give about them: an
// unreadable or missing file (E0801 at the path), a malformed file, an unknown
// target or column (E0807 with the header's names), missing values without
// `impute:`, … Options computed from hypers leave the facts unknown and the
// reporting to the loader.
DataFactsByName probe_data(const ast::Program& p, const Resolution& r, const std::string& script_dir,
                           Diagnostics* diags = nullptr);

// ---- splits ---------------------------------------------------------------------------------
// Rows in each part of a split of n rows (runtime/data/split.h deals them):
// n_test = round(test·n), n_val = round(val·n), the rest is train; a
// stratified split has the same totals.
struct SplitSizes { size_t train = 0, val = 0, test = 0; };
SplitSizes split_sizes(size_t n, const ir::SplitSpec& split);

// Which parts of a data set a program reads: val (early stopping or a tune
// objective on val.*), test (a report's test metrics).
struct PartsUsed { bool val = false, test = false; };
PartsUsed parts_used(const ir::Program& p, const std::string& data);

// The split of `d` against its data: fractions in [0, 1] adding up to 1,
// `stratify` only on a classification target, a non-empty training part and
// (when `used` is known) no empty val/test part that was asked for — an error
// when the program reads it, a warning otherwise. The checker calls it with
// the probed facts, the loader with what it loaded; false after an error.
bool check_split(const ir::DataSpec& d, size_t rows, bool classification, const std::optional<PartsUsed>& used,
                 Diagnostics& diags);

// check_split for every data set whose facts the probe knows.
void check_splits(const ir::Program& p, const DataFactsByName& facts, Diagnostics& diags);

}  // namespace xp
