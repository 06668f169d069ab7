#include "runtime/run/model_save.h"

#include <set>

#include "ir/ir_json.h"
#include "runtime/data/schema_json.h"
#include "runtime/graph/instantiate.h"

namespace xp::rt {

NamedParams named_params(const Executable& exe) {
  NamedParams out;
  for (const auto& p : exe.param_info()) {
    auto values = exe.param_values(p);
    out.relative.push_back(NamedTensor{p.name, p.shape, values.data(), values.size()});
  }
  for (const auto& st : exe.state_info()) {
    auto values = exe.state_values(st);
    out.state.push_back(NamedTensor{st.name, st.shape, values.data(), values.size()});
  }
  return out;
}

std::vector<const ir::ModelGraph*> models_reached(const ir::Program& program, const ir::ModelGraph& model) {
  std::vector<const ir::ModelGraph*> out{&model};
  std::set<std::string> seen{model.name};
  for (size_t i = 0; i < out.size(); ++i)
    for (const auto& op : out[i]->body.ops)
      if (op.kind == ir::OpKind::CallModel && seen.insert(op.name).second)
        if (const ir::ModelGraph* callee = program.find_model(op.name)) out.push_back(callee);
  return out;
}

// The bindings prediction needs: the root model's own symbols (features,
// classes, targets). A train block's `vocab` reaches the model only through
// its int inputs, whose values the file keeps in `int_inputs`.
static std::map<std::string, std::string> inference_bindings(const std::map<std::string, std::string>& train) {
  std::map<std::string, std::string> out;
  for (const auto& [sym, what] : train)
    if (what != "vocab") out.emplace(sym, what);
  return out;
}

ModelFile make_model_file(const ir::Program& program, const ir::ModelGraph& model, const ir::TrainSpec& train,
                          const ir::Assignment& hypers, const DataDims& dims, const PreparedData& data,
                          const Executable& exe, const NamedParams& params) {
  ModelFile f;
  nlohmann::json graphs = nlohmann::json::array();
  for (const ir::ModelGraph* m : models_reached(program, model)) graphs.push_back(ir::to_json(*m));
  f.meta = {{"format", "exp.model/1"},
            {"model", model.name},
            {"graphs", graphs},
            {"hypers", ir::to_json(hypers)},
            {"dims", {{"features", dims.features}, {"classes", dims.classes}, {"targets", dims.targets}}},
            {"dim_bindings", inference_bindings(train.dim_bindings)},
            {"schema", to_json(data.schema)},
            {"scaling", to_json(data.scaling)},
            {"task", data.info.task == Task::Classification ? "classification" : "regression"},
            {"outputs", exe.output_cols()}};
  // Regression targets scaled for training: predictions are scaled back
  // with this (absent: outputs are already in the target's units).
  if (data.train.target.kind != "none") f.meta["target_scaling"] = to_json(data.train.target);
  if (!exe.int_inputs().empty()) f.meta["int_inputs"] = exe.int_inputs();  // absent: the model has none
  std::vector<NamedTensor> saved = params.relative;  // the state is saved beside the parameters, by name
  saved.insert(saved.end(), params.state.begin(), params.state.end());
  for (const auto& p : saved) {
    SavedTensor t;
    t.name = model.name + "." + p.name;
    t.shape = p.shape;
    t.values.assign(p.values, p.values + p.count);
    f.tensors.push_back(std::move(t));
  }
  return f;
}

}  // namespace xp::rt
