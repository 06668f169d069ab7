#pragma once
// model.expm from a trained executable (docs/model-file.md): the model graph
// and every model it calls (ir/ir_json.h), the hypers, the data-bound
// dimensions, the data schema and scaling, and the parameters named through
// the model (`mlp.W1`, `mlp.block1.W`).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/io/model_file.h"
#include "runtime/run/report_json.h"

namespace xp::rt {

class Executable;
struct DataDims;

struct NamedParams {
  std::vector<NamedTensor> relative;  // W1, block1.W — views into the executable
  std::vector<NamedTensor> state;     // bn.g:running — kernel state (batch_norm's statistics), not learned
};
NamedParams named_params(const Executable& exe);

ModelFile make_model_file(const ir::Program& program, const ir::ModelGraph& model, const ir::TrainSpec& train,
                          const ir::Assignment& hypers, const DataDims& dims, const PreparedData& data,
                          const Executable& exe, const NamedParams& params);

// The models a model calls, transitively, itself first (what `graphs` holds).
std::vector<const ir::ModelGraph*> models_reached(const ir::Program& program, const ir::ModelGraph& model);

}  // namespace xp::rt
