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
};
using DataFactsByName = std::map<std::string, DataFacts>;

// Never reports: an unreadable file is the data loader's to explain at run
// time (with its line and column); here it only makes the facts unknown.
DataFactsByName probe_data(const ast::Program& p, const Resolution& r, const std::string& script_dir);

// The facts of one CSV file: `target` "" = the last column; `columns` empty =
// every other column; `task` "" = inferred, else classification|regression;
// `onehot` numeric columns one-hot encoded anyway.
std::optional<DataFacts> probe_csv(const std::string& path, const std::string& target,
                                   const std::vector<std::string>& columns, const std::string& task,
                                   const std::vector<std::string>& onehot);

}  // namespace xp
