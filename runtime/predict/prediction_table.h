#pragma once
// Predictions as CSV, in one format for `exp predict` and the run folder
// (predictions_test.csv, the predictions of `evaluate m on D`):
//
//   [id column,] [true,] predicted, [p(<class>) per class]
//
// `id column`: the row's index in its file (`row`, from 0 for the first data
// row, as pandas numbers them) or the values of an id column (`exp predict
// --id COLUMN`); `true`: the target, when it is known (class names, or values
// in the target's units); `predicted`: the class name or the value (several
// regression targets: `predicted.<target>` and `true.<target>` per target,
// in `target:` order; `predicted.0`, … when their names are not known);
// probabilities: softmax of the logits (a sigmoid for one logit).
#include <iosfwd>
#include <string>
#include <vector>

#include "runtime/data/dataset.h"

namespace xp::rt {

struct PredictionColumns {
  std::string id_name;                  // "" = no id column
  std::vector<std::string> ids;         // one per row when id_name is set
  const Part* truth = nullptr;          // the rows' targets (labels, or Y in the target's units); nullptr = no `true`
  bool probabilities = false;           // classification: a p(<class>) column per class
  std::string predicted_name = "predicted";  // `exp predict` keeps its historical "prediction"
  std::vector<std::string> targets;     // several regression targets: their names (Schema::targets)
};

// The names of `cols` target columns: `names` when there is one per column,
// else "target 0", "target 1", … (report.json's test_fit, the plots).
std::vector<std::string> target_column_names(const std::vector<std::string>& names, Eigen::Index cols);

// `outputs`: the model's outputs for the rows, regression ones in the
// target's units. `ids`/`truth` must have one entry per row.
void write_predictions(std::ostream& out, const Matrix& outputs, Task task, const std::vector<std::string>& class_names,
                       const PredictionColumns& columns);

// The row indices of a part as ids: its rows' places in their file
// (Part::origin), or 0, 1, … when it has none.
std::vector<std::string> row_ids(const Part& part);

// The class probabilities of one row of logits (softmax; a sigmoid for a
// single-logit binary model).
void class_probabilities(const Eigen::Ref<const Eigen::RowVectorXf>& logits, std::vector<double>& p);

}  // namespace xp::rt
