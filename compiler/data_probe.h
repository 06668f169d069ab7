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
#include <vector>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "ir/split_rules.h"
#include "compiler/symbols.h"

namespace xp {

struct DataFacts {
  std::string name;
  bool known = false;             // the numbers below are filled
  int64_t features = 0;
  bool classification = true;     // else regression
  int64_t classes = 0;            // classification
  int64_t targets = 1;            // regression: target columns (`target: [...]`: known even when `known` is not)
  std::string origin;             // "iris.csv (150 rows)", "moons(n: 200)": for notes
  int64_t rows = -1;              // rows the loader keeps (-1: unknown), for the split checks
  std::vector<int64_t> shape;     // per-example shape (`shape:`, an image generator); empty: [features]
  int64_t vocab = 0;              // token ids (`tokens:`, `text:`, token_sum): ids are below it; 0: not ids
  // Regression: the largest of the targets' smallest magnitudes, over the
  // targets whose values all share a sign (any rows' mean is then at least
  // that far from 0), and that target's name; 0 when no target's does (W0901
  // at check time, passes/target_reach.h).
  double target_size_at_least = 0;
  std::string target_at_least_name;
  // A CSV file's columns: every name in its header, the columns its features
  // come from, and its target(s); `file` names it in messages.
  std::vector<std::string> header, input_columns, target_columns;
  std::string file;
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

// check_split for every data set whose facts the probe knows.
void check_splits(const ir::Program& p, const DataFactsByName& facts, Diagnostics& diags);

}  // namespace xp
