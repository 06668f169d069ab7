#pragma once
// A model file turned back into something that predicts: the saved graphs
// are validated (ir/ir_json.h) and instantiated for inference with the
// saved hypers and dimensions, then the saved parameters are copied in by
// name — every name, shape and count must match exactly. Nothing from the
// file is executed; a corrupt or inconsistent file is a diagnostic (E0907).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/io/model_file.h"
#include "runtime/train/executable_model.h"

namespace xp::rt {

struct SavedModel {
  std::string name;                       // the model's name (mlp)
  std::vector<ir::ModelGraph> graphs;     // the model first, then what it calls
  ir::Assignment hypers;
  DataDims dims;
  std::map<std::string, std::string> dim_bindings;
  Schema schema;
  Scaling scaling;
  Scaling target_scaling;                 // regression: undone on every prediction (kind none: identity)
  std::unique_ptr<ExecutableModel> model; // inference only, parameters loaded
};

std::optional<SavedModel> load_saved_model(const std::string& path, Diagnostics& diags, int64_t chunk_rows = 4096);
// The same from an already decoded file (tests, round trips in memory).
std::optional<SavedModel> saved_model_from(const ModelFile& file, const std::string& origin, Diagnostics& diags,
                                           int64_t chunk_rows = 4096);

}  // namespace xp::rt
