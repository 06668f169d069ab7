#pragma once
// Loaded, split and preprocessed data as the trainer sees it. Features are
// float32 row-major (one example per row), the layout the kernels want.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "runtime/core/matrix.h"
#include "stdlib/csv_table.h"

namespace xp::rt {

// The task and the `impute:` modes are the shared CSV rules' (stdlib/csv_table.h).
using Task = stdlib::csv::Task;

// Per-feature affine preprocessing fitted on the training part only:
// x' = (x - shift) / scale. Identity when no preprocessing was asked for.
struct Scaling {
  std::string kind = "none";               // none | standardize | minmax
  std::vector<float> shift, scale;
  // The features it is fitted on (`standardize d.col` names columns): empty =
  // every feature. Others keep shift 0 and scale 1, so the saved shift/scale
  // carry the choice and this is not saved; a refit (a CV fold) reuses it.
  std::vector<bool> only;
};

// One part of a data set (train, val, test, or a fold's piece).
struct Part {
  Matrix X;                 // rows × features
  Matrix Y;                 // rows × 1 class index (as float) for classification; rows × targets for regression
  std::vector<int> labels;  // classification: class index per row (empty for regression)
  // Regression under `standardize`/`minmax`: Y holds (y − shift) / scale per
  // target column, fitted on the training part (preprocess.h); kind "none":
  // Y is in the target's own units. Metrics and predictions undo it.
  Scaling target;
  // Where each row came from: its index among its file's data rows (0 for
  // the first row after the header) or a generator's draw; empty when not
  // known. Written as `row` beside predictions (prediction_table.h).
  std::vector<size_t> origin;
  size_t rows() const { return static_cast<size_t>(X.rows()); }
};

struct DataInfo {
  std::string name;                        // iris
  Task task = Task::Classification;
  std::vector<std::string> feature_names;  // after one-hot encoding ("color=red")
  std::vector<std::string> class_names;    // classification: label-encoded names, index = class
  std::string target_name;                 // several targets: the first
  std::vector<std::string> targets;        // several targets (`target: ["a", "b"]`): each, in Y's column order; else empty
  // The per-example shape of the features (`shape: [8, 8, 1]`, a token
  // sequence [T]); empty: a vector [features]. Its product is features().
  std::vector<int64_t> shape;
  int64_t vocab = 0;                       // token data: ids are in [0, vocab); 0: not token ids
  int features() const { return static_cast<int>(feature_names.size()); }
  int classes() const { return static_cast<int>(class_names.size()); }
  std::vector<std::string> target_names() const { return targets.empty() ? std::vector<std::string>{target_name} : targets; }
};

// How missing cells are handled (the `impute:` option of a data source).
using Impute = stdlib::csv::Impute;

// What each input column became, so that `exp predict` encodes a new CSV
// exactly as the training data was encoded (saved in the model file; JSON in
// runtime/data/schema_json.h).
struct SchemaColumn {
  std::string name;                  // input column name in the CSV header
  bool categorical = false;          // one-hot: one feature per level, named "name=level"
  bool date = false;                 // ISO 8601 dates: features "name.year", ".month", ".dayofweek", ".days"
  std::vector<std::string> levels;   // categorical: sorted levels (stdlib csv::level_text form)
  // Numeric: the value that replaces a missing cell (mean/median of the
  // training part); a date: the day (days since 1970-01-01) that does; NaN
  // when a missing cell is an error.
  double fill = std::numeric_limits<double>::quiet_NaN();
  int width() const;
};
// Token ids (docs/data.md, "Token ids"): the features of an example are T
// integer ids in [0, vocab), read from integer columns (`tokens: true`) or
// made from a text column (`text: "review"`) with a vocabulary fitted on the
// training part. Saved with the model, so `exp predict` encodes new text alike.
struct Tokens {
  enum class Kind { None, Ids, Text };
  Kind kind = Kind::None;
  int64_t vocab = 0;               // every id is < vocab
  std::string column;              // Text: the text column
  int64_t length = 0;              // Text: ids per example, padded with 0 / truncated
  std::vector<std::string> words;  // Text: words[i] has id i + 2 (id 0 pads, id 1 is an unknown word)
  static constexpr int64_t kPad = 0, kUnknown = 1, kFirstWord = 2;
  static constexpr int64_t kMaxVocab = 1'000'000;  // `vocab:` and a saved vocabulary, at most
  static constexpr int64_t kMaxLength = 100'000;   // `length:`, at most
};

// A per-example shape (`shape:`, Schema::shape) has at most this many axes
// (runtime/graph/kernel.h: kMaxLayoutRank), each at most kMaxExampleSize.
inline constexpr size_t kMaxExampleRank = 6;
inline constexpr int64_t kMaxExampleSize = int64_t{1} << 31;

struct Schema {
  std::vector<SchemaColumn> features;      // in feature-matrix order (none for text: the ids are the features)
  std::string target;                      // target column name (several: the first)
  std::vector<std::string> targets;        // several targets (`target: [...]`): each, in output order; else empty
  Task task = Task::Classification;
  std::vector<std::string> class_names;    // classification: index = class
  Impute impute = Impute::None;
  char sep = ',';                          // the training file's separator: prediction files are read with it
  std::vector<int64_t> shape;              // per-example shape of the features (`shape:`); empty: [width()]
  Tokens tokens;                           // token ids, when the features are
  int width() const;                       // number of encoded features
  std::vector<std::string> target_names() const { return targets.empty() ? std::vector<std::string>{target} : targets; }
  std::vector<std::string> feature_names() const;  // "x", "color=red", ...
};

struct Fold { std::vector<size_t> fit, score; };  // row indices into the *unscaled* training part

struct PreparedData {
  DataInfo info;
  Part train, val, test;     // preprocessed with `scaling` (fitted on train)
  Scaling scaling;
  std::vector<Fold> folds;   // k-fold over the training part (empty if none)
  Part train_raw;            // training part before scaling, for folds (each fold refits its own scaling)
  std::string fingerprint_train, fingerprint_val, fingerprint_test;  // content hashes of each split
  Schema schema;             // input columns → features, for saving with the model and for predict
};

}  // namespace xp::rt
