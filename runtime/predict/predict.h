#pragma once
// `exp predict MODEL data.csv` as a library. The model file is data only
// (docs/model-file.md): the saved graph is rebuilt into an inference
// executable with the saved hypers and dimensions; nothing in it is executed.
// The CSV must have the columns the model was trained on (the target column
// may be present or absent); the saved scaling is applied before predicting.
//
// Output CSV: one row per input row, in order (prediction_table.h).
//   --id COLUMN:    that column first, its cells as written
//   classification: `prediction` (class name), then `p(<class>)` per class when
//                   `probabilities` is set
//   regression:     `prediction` (one target) or `prediction.<k>` (several)
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "runtime/predict/saved_model.h"
#include "stdlib/csv_table.h"

namespace xp::rt {

struct PredictOptions {
  bool probabilities = false;   // --proba: per-class probabilities (classifiers)
  std::string id_column;        // --id COLUMN: that column of the input, as written, first in each row
  std::optional<char> sep;      // --sep: the input's separator; unset = the training file's (schema.sep)
  size_t chunk_rows = 4096;     // rows predicted per forward pass
};

struct PredictResult {
  bool ok = false;              // false: diagnostics explain (exit code 2)
  size_t rows = 0;              // rows predicted
  bool had_target = false;      // the CSV carried the target column …
  size_t scored = 0;            // … and this many rows had a known target, scored below …
  double accuracy = -1;         // … then classification accuracy (or -1) …
  double rmse = -1;             // … or regression RMSE (or -1; several targets: the mean of theirs), for a summary line
  size_t targets = 1;           // regression targets the model predicts
};

// Writes predictions to `out` (a file the CLI opened, or std::cout). A
// corrupt or truncated model file, a CSV with missing columns or bad cells
// are diagnostics (with file:line:col for data errors), never exceptions.
PredictResult predict_csv(const std::string& model_path, const std::string& csv_path, std::ostream& out,
                          const PredictOptions& options, Diagnostics& diags);

// The same with the model already loaded (the REPL keeps its last run's)
// and the rows from a file or from CSV text in memory (the REPL's typed row,
// so it is encoded by exactly the rules a file is). `chunk_rows` was fixed
// when the model was loaded.
PredictResult predict_with(SavedModel& saved, const stdlib::csv::Source& csv, std::ostream& out,
                           const PredictOptions& options, Diagnostics& diags);

}  // namespace xp::rt
