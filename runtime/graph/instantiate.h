#pragma once
// Instantiation: IR model graphs + one trial's hypers + data dimensions →
// an Executable with every shape concrete and every buffer allocated.
//
//   Executable exe = instantiate_training(program.models, train, hypers,
//                                         {.features = 64, .classes = 10}, batch, seed);
//
// What happens on the way:
//  - every Dim is evaluated: a model's int inputs, then integer hypers, then
//    symbols bound by the data (TrainSpec::dim_bindings: "features",
//    "classes", "targets"); the root model's first input dimension and
//    declared result fall back to features / classes (or targets);
//  - CallModel ops are inlined; a call site's parameters are named under its
//    site ("block1.W", nested "block1.inner.W"), site "" shares the caller's;
//  - Hyper ops become constants; built-ins chosen by a hyper
//    (act ~ choice(relu, tanh)) resolve to that hyper's value;
//  - the loss graph's call of the trained model on x is the prediction, so
//    forward() computes the model's outputs once for both.
// Shapes that cannot be made concrete or do not fit, unknown built-ins and
// bad arguments throw GraphError with the span of the op at fault.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/graph/builder.h"
#include "runtime/graph/executable.h"

namespace xp::rt {

struct DataDims {
  int64_t features = 0;
  int64_t classes = 0;   // > 0: classification, targets are one class index per row
  int64_t targets = 1;   // regression: target columns
  // The per-example shape of the features when the data gives one (`shape:
  // [8, 8, 1]`, product = features); empty: a vector [features].
  std::vector<int64_t> feature_shape = {};
  // Token data: the vocabulary size (ids are below it), which a train
  // block's `vocab` binds (dim_bindings vocab → vocab); 0: not token ids.
  int64_t vocab = 0;
  // Classification: each class's weight under `class_weight: balanced`
  // (runtime/metrics/class_weights.h, from the training part); a loss asking
  // for balanced weights without them is a GraphError.
  std::vector<float> class_weights = {};
};

// The training executable: the loss of `train` (its model's outputs as the
// prediction), inputs x and y, and every parameter initialised from `seed`.
Executable instantiate_training(std::span<const ir::ModelGraph> models, const ir::TrainSpec& train,
                                const ir::Assignment& hypers, const DataDims& dims, int64_t max_batch, uint64_t seed);

// GraphBuilder::work_per_example of the training graph `instantiate_training`
// would build, without building it (no buffers, no initial values): how
// heavy one configuration is next to another. Throws GraphError as it would.
double training_work_per_example(std::span<const ir::ModelGraph> models, const ir::TrainSpec& train,
                                 const ir::Assignment& hypers, const DataDims& dims);

// A prediction-only executable of `model` (any number of rows, run in
// chunks of max_batch). Parameters start from their initializers; load
// trained ones with Executable::load_params or by name. `int_inputs`: the
// values of the model's int inputs (Executable::int_inputs of its training).
Executable instantiate_inference(std::span<const ir::ModelGraph> models, const std::string& model,
                                 const std::map<std::string, std::string>& dim_bindings, const ir::Assignment& hypers,
                                 const DataDims& dims, int64_t max_batch, uint64_t seed,
                                 BuildLimits limits = {}, const std::map<std::string, int64_t>& int_inputs = {});

}  // namespace xp::rt
