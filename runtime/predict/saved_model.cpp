#include "runtime/predict/saved_model.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "ir/ir_json.h"
#include "stdlib/printable.h"
#include "runtime/data/schema_json.h"
#include "runtime/graph/executable.h"
#include "runtime/core/run_errors.h"

namespace xp::rt {
namespace {

using json = nlohmann::json;

struct Invalid {
  std::string why;
};

const json& need(const json& meta, const char* key) {
  if (!meta.is_object() || !meta.contains(key)) throw Invalid{fmt::format("the model file has no `{}` entry", key)};
  return meta.at(key);
}

int64_t dim_from(const json& dims, const char* key, int64_t min) {
  const json& v = need(dims, key);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > (int64_t{1} << 31))
    throw Invalid{fmt::format("dimension `{}` is out of range", key)};
  return v.get<int64_t>();
}

DataDims dims_from(const json& j) {
  DataDims d;
  d.features = dim_from(j, "features", 1);
  d.classes = dim_from(j, "classes", 0);
  d.targets = dim_from(j, "targets", 1);
  return d;
}

std::map<std::string, std::string> bindings_from(const json& j) {
  if (!j.is_object()) throw Invalid{"`dim_bindings` is not an object"};
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) throw Invalid{fmt::format("the binding of dimension `{}` is not a name", k)};
    const std::string to = v.get<std::string>();
    if (k.empty() || (to != "features" && to != "classes" && to != "targets"))
      throw Invalid{fmt::format("dimension `{}` is bound to `{}`; only features, classes and targets bind dimensions", k, to)};
    out[k] = to;
  }
  return out;
}

// The model's int inputs (absent in files of models without any). An int
// input may be any integer the script could pass (a negative offset too);
// the shapes it sizes are capped like every other (check_before_build).
std::map<std::string, int64_t> int_inputs_from(const json& meta) {
  std::map<std::string, int64_t> out;
  if (!meta.contains("int_inputs")) return out;
  const json& j = meta.at("int_inputs");
  if (!j.is_object()) throw Invalid{"`int_inputs` is not an object"};
  for (const auto& [k, v] : j.items()) {
    if (k.empty() || !v.is_number_integer() || v.get<int64_t>() < -(int64_t{1} << 31) ||
        v.get<int64_t>() > (int64_t{1} << 31))
      throw Invalid{fmt::format("int input `{}` is not an integer in range", k)};
    out[k] = v.get<int64_t>();
  }
  return out;
}

// What must hold before the graph is instantiated, so that nothing in the
// file can make instantiation allocate more than the file itself stores:
// finite weights, dimensions that agree with the schema, distinct class
// names. Returns the limits every instantiated shape is held to.
BuildLimits check_before_build(const SavedModel& m, const std::vector<SavedTensor>& tensors) {
  BuildLimits limits;
  int64_t widest = 1;
  size_t floats = 0;
  for (const auto& t : tensors) {
    for (int64_t d : t.shape) widest = std::max(widest, d);
    for (float v : t.values)
      if (!std::isfinite(v)) throw Invalid{fmt::format("tensor `{}` holds a value that is not finite (NaN or infinity)", t.name)};
    floats += t.values.size() + 64;  // + the builder's per-parameter alignment
  }
  const int64_t width = m.schema.width();
  if (m.dims.features != width)
    throw Invalid{fmt::format("`dims.features` is {} but the schema encodes {} features", m.dims.features, width)};
  const auto& names = m.schema.class_names;
  if (m.schema.task == Task::Classification) {
    if (names.size() < 2) throw Invalid{fmt::format("a classifier needs at least 2 class names; the schema has {}", names.size())};
    if (m.dims.classes != static_cast<int64_t>(names.size()))
      throw Invalid{fmt::format("`dims.classes` is {} but the schema names {} classes", m.dims.classes, names.size())};
    std::set<std::string> seen;
    for (const auto& n : names)
      if (!seen.insert(n).second) throw Invalid{fmt::format("class name `{}` appears twice", stdlib::printable(n))};
    if (m.dims.targets != 1) throw Invalid{"a classifier has `dims.targets` other than 1"};
  } else if (m.dims.classes != 0) {
    throw Invalid{"a regression model has `dims.classes` set"};
  } else if (!m.schema.targets.empty() && m.dims.targets != static_cast<int64_t>(m.schema.targets.size())) {
    throw Invalid{fmt::format("`dims.targets` is {} but the schema names {} targets", m.dims.targets,
                              m.schema.targets.size())};
  }
  if (m.schema.task == Task::Classification && !m.schema.targets.empty()) throw Invalid{"a classifier names several targets"};
  // features and classes are the schema's now; targets must come out of a stored tensor.
  widest = std::max({widest, m.dims.features, m.dims.classes});
  if (m.dims.targets > widest)
    throw Invalid{fmt::format("`dims.targets` is {}, wider than any stored tensor", m.dims.targets)};
  limits.max_axis = widest;
  limits.max_param_floats = std::max<size_t>(floats, 64);
  return limits;
}

// The model's outputs must be one column per class (or one logit for two
// classes), or the targets: a mismatch would print wrong labels.
void check_outputs(const SavedModel& m) {
  const int64_t cols = m.model->output_cols();
  if (m.schema.task == Task::Classification) {
    if (cols != m.dims.classes && !(cols == 1 && m.dims.classes == 2))
      throw Invalid{fmt::format("the model has {} outputs for {} class names", cols, m.dims.classes)};
  } else if (cols != m.dims.targets) {
    throw Invalid{fmt::format("the model has {} outputs for {} targets", cols, m.dims.targets)};
  }
}

// Copies each saved tensor into the parameter of the same name; every
// parameter must be given exactly once with its exact shape.
void load_params(Executable& exe, const std::string& model, const std::vector<SavedTensor>& tensors) {
  std::map<std::string, const SavedTensor*> by_name;
  for (const auto& t : tensors)
    if (!by_name.emplace(t.name, &t).second) throw Invalid{fmt::format("tensor `{}` appears twice", t.name)};
  // Parameters, then kernel state (batch_norm's running statistics), both by name.
  for (int state = 0; state < 2; ++state)
    for (const auto& p : state ? exe.state_info() : exe.param_info()) {
      std::string full = model + "." + p.name;
      auto it = by_name.find(full);
      if (it == by_name.end()) throw Invalid{fmt::format("the model file has no values for parameter `{}`", full)};
      const SavedTensor& t = *it->second;
      if (t.shape != p.shape || t.values.size() != p.size)
        throw Invalid{fmt::format("parameter `{}` has a different shape in the file than its graph gives", full)};
      auto dst = state ? exe.state_values(p) : exe.param_values(p);
      std::copy(t.values.begin(), t.values.end(), dst.begin());
      by_name.erase(it);
    }
  if (!by_name.empty())
    throw Invalid{fmt::format("tensor `{}` belongs to no parameter of the model", by_name.begin()->first)};
}

}  // namespace

std::optional<SavedModel> saved_model_from(const ModelFile& file, const std::string& origin, Diagnostics& diags,
                                           int64_t chunk_rows) {
  try {
    const json& meta = file.meta;
    if (!need(meta, "format").is_string() || meta.at("format") != "exp.model/1")
      throw Invalid{"the model file's format is not exp.model/1"};
    SavedModel m;
    if (!need(meta, "model").is_string()) throw Invalid{"`model` is not a name"};
    m.name = meta.at("model").get<std::string>();
    const json& graphs = need(meta, "graphs");
    if (!graphs.is_array() || graphs.empty()) throw Invalid{"`graphs` holds no model"};
    for (const auto& g : graphs) m.graphs.push_back(ir::model_from_json(g));
    if (m.graphs.front().name != m.name) throw Invalid{"the first saved graph is not the saved model"};
    m.hypers = ir::assignment_from_json(need(meta, "hypers"));
    m.dims = dims_from(need(meta, "dims"));
    m.dim_bindings = bindings_from(need(meta, "dim_bindings"));
    const std::map<std::string, int64_t> int_inputs = int_inputs_from(meta);
    std::string why;
    auto schema = schema_from_json(need(meta, "schema"), why);
    if (!schema) throw Invalid{"bad schema: " + why};
    m.schema = std::move(*schema);
    m.dims.feature_shape = m.schema.shape;  // its product is the schema's width (schema_from_json)
    auto scaling = scaling_from_json(need(meta, "scaling"), why);
    if (!scaling) throw Invalid{"bad scaling: " + why};
    m.scaling = std::move(*scaling);
    if (meta.contains("target_scaling")) {  // absent in files that predate it: outputs are in target units
      auto target = scaling_from_json(meta.at("target_scaling"), why);
      if (!target) throw Invalid{"bad target scaling: " + why};
      if (static_cast<int>(target->shift.size()) != (target->kind == "none" ? 0 : m.dims.targets))
        throw Invalid{"the target scaling does not match the number of targets"};
      m.target_scaling = std::move(*target);
    }

    ModelBuild b;
    b.models = &m.graphs;
    b.model = &m.graphs.front();
    b.hypers = m.hypers;
    b.dims = m.dims;
    b.dim_bindings = m.dim_bindings;
    b.int_inputs = int_inputs;
    b.max_batch = chunk_rows;
    b.limits = check_before_build(m, file.tensors);
    Diagnostics build_diags;
    m.model = ExecutableModel::build(b, build_diags);
    if (!m.model) {
      std::string text = build_diags.all().empty() ? "the saved graph cannot be instantiated"
                                                   : build_diags.all().front().message;
      throw Invalid{"the saved graph cannot be instantiated: " + text};
    }
    load_params(m.model->executable(), m.name, file.tensors);
    check_outputs(m);
    return m;
  } catch (const Invalid& e) {
    diags.report(run_diag::bad_model_file(origin, e.why));
  } catch (const ir::IrJsonError& e) {
    diags.report(run_diag::bad_model_file(origin, e.what()));
  } catch (const nlohmann::json::exception& e) {
    diags.report(run_diag::bad_model_file(origin, std::string("malformed metadata: ") + e.what()));
  } catch (const std::exception& e) {
    // A file that passed every check above and still breaks an invariant of
    // instantiation (or memory): refused like any other bad file, never a crash.
    diags.report(run_diag::bad_model_file(origin, std::string("the saved graph is inconsistent: ") + e.what()));
  }
  return std::nullopt;
}

std::optional<SavedModel> load_saved_model(const std::string& path, Diagnostics& diags, int64_t chunk_rows) {
  try {
    ModelFile file = load_model_file(path);
    return saved_model_from(file, path, diags, chunk_rows);
  } catch (const ModelFileError& e) {
    diags.report(run_diag::bad_model_file(path, e.what()));
    return std::nullopt;
  }
}

}  // namespace xp::rt
