#include "ir/ir_json.h"

#include <limits>

#include <fmt/format.h>

namespace xp::ir {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 256;     // HExpr nesting read from a file
constexpr size_t kMaxOps = 1u << 20;

[[noreturn]] void fail(const std::string& what) { throw IrJsonError("invalid model graph: " + what); }

const json& field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) fail(fmt::format("missing '{}'", key));
  return j.at(key);
}
std::string str_field(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_string()) fail(fmt::format("'{}' is not a string", key));
  return v.get<std::string>();
}
int64_t int_field(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_number_integer()) fail(fmt::format("'{}' is not an integer", key));
  return v.get<int64_t>();
}
// An integer that must fit where it goes: an op index of 2^32 + 1 would
// otherwise wrap to 1 and name a different parameter.
int64_t bounded_field(const json& j, const char* key, int64_t lo, int64_t hi) {
  const json& v = field(j, key);
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
    fail(fmt::format("'{}' is not an integer from {} to {}", key, lo, hi));
  return v.get<int64_t>();
}
// Dimension constants and coefficients: far beyond any real shape, small
// enough that evaluating a dimension cannot overflow.
constexpr int64_t kDimTermMax = int64_t{1} << 32;
double num_field(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_number()) fail(fmt::format("'{}' is not a number", key));
  return v.get<double>();
}
const json& array_field(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_array()) fail(fmt::format("'{}' is not an array", key));
  return v;
}

json dim_json(const Dim& d) {
  json terms = json::array();
  for (const auto& [name, coef] : d.terms) terms.push_back({name, coef});
  json out = {{"c", d.constant}, {"terms", terms}};
  if (!d.atoms.empty()) {  // written only when present: files of models without them are unchanged
    json atoms = json::array();
    for (const auto& a : d.atoms) {
      json parts = json::array();
      for (const auto& x : a.operands) parts.push_back(dim_json(x));
      atoms.push_back({a.kind == Dim::Atom::Kind::FloorDiv ? "/" : "*", a.coef, parts});
    }
    out["atoms"] = atoms;
  }
  return out;
}
// Atoms nest (pooling after convolution); a file may not nest them deeper than this.
constexpr int kMaxAtomDepth = 16;
Dim dim_from(const json& j, int depth = 0) {
  Dim d;
  d.constant = bounded_field(j, "c", -kDimTermMax, kDimTermMax);
  for (const auto& t : array_field(j, "terms")) {
    if (!t.is_array() || t.size() != 2 || !t[0].is_string() || !t[1].is_number_integer() ||
        t[1].get<int64_t>() < -kDimTermMax || t[1].get<int64_t>() > kDimTermMax)
      fail("bad dimension term");
    d.terms.emplace_back(t[0].get<std::string>(), t[1].get<int64_t>());
  }
  if (!j.contains("atoms")) return d;
  if (depth >= kMaxAtomDepth) fail("dimension expressions nest too deeply");
  for (const auto& a : array_field(j, "atoms")) {
    if (!a.is_array() || a.size() != 3 || !a[0].is_string() || !a[1].is_number_integer() ||
        a[1].get<int64_t>() < -kDimTermMax || a[1].get<int64_t>() > kDimTermMax || !a[2].is_array() ||
        a[2].empty() || a[2].size() > 8)
      fail("bad dimension atom");
    const std::string op = a[0].get<std::string>();
    Dim v;
    if (op == "/" && a[2].size() == 2) {
      v = Dim::floor_div(dim_from(a[2][0], depth + 1), dim_from(a[2][1], depth + 1));
    } else if (op == "*") {
      v = Dim::of(1);
      for (const auto& f : a[2]) v = Dim::product(v, dim_from(f, depth + 1));
    } else {
      fail("bad dimension atom");
    }
    d = d + v.scaled(a[1].get<int64_t>());
  }
  return d;
}
json shape_json(const Shape& s) {
  json out = json::array();
  for (const auto& d : s) out.push_back(dim_json(d));
  return out;
}
Shape shape_from(const json& j) {
  if (!j.is_array()) fail("shape is not an array");
  Shape s;
  for (const auto& d : j) s.push_back(dim_from(d));
  return s;
}

json hexpr_json(const HExpr& e) {
  json args = json::array();
  for (const auto& a : e.args) args.push_back(hexpr_json(a));
  return {{"k", static_cast<int>(e.kind)}, {"v", e.value}, {"int", e.is_int}, {"n", e.name}, {"a", args}};
}
HExpr hexpr_from(const json& j, int depth) {
  if (depth > kMaxDepth) fail("expression nested too deeply");
  HExpr e;
  auto kind = int_field(j, "k");
  if (kind < 0 || kind > static_cast<int>(HExpr::Kind::Not)) fail("unknown expression kind");
  e.kind = static_cast<HExpr::Kind>(kind);
  e.value = num_field(j, "v");
  e.is_int = field(j, "int").is_boolean() && field(j, "int").get<bool>();
  e.name = str_field(j, "n");
  for (const auto& a : array_field(j, "a")) e.args.push_back(hexpr_from(a, depth + 1));
  return e;
}
json named_json(const std::vector<NamedHExpr>& v) {
  json out = json::array();
  for (const auto& a : v) out.push_back({{"name", a.name}, {"value", hexpr_json(a.value)}});
  return out;
}
std::vector<NamedHExpr> named_from(const json& j) {
  if (!j.is_array()) fail("arguments are not an array");
  std::vector<NamedHExpr> out;
  for (const auto& a : j) out.push_back({str_field(a, "name"), hexpr_from(field(a, "value"), 0), {}});
  return out;
}
json call_json(const CallSpec& c) { return {{"fn", c.fn}, {"fn_hyper", c.fn_hyper}, {"args", named_json(c.args)}}; }
CallSpec call_from(const json& j) {
  CallSpec c;
  c.fn = str_field(j, "fn");
  c.fn_hyper = str_field(j, "fn_hyper");
  c.args = named_from(field(j, "args"));
  return c;
}

json op_json(const Op& op) {
  json dims = json::array();
  for (const auto& d : op.dim_args) dims.push_back(dim_json(d));
  return {{"kind", static_cast<int>(op.kind)}, {"name", op.name}, {"fn_hyper", op.fn_hyper},
          {"args", op.args}, {"attrs", named_json(op.attrs)}, {"dim_args", dims},
          {"site", op.site}, {"index", op.index}, {"value", op.value},
          {"shape", shape_json(op.shape)}, {"batched", op.batched}};
}
Op op_from(const json& j, size_t position) {
  Op op;
  auto kind = int_field(j, "kind");
  if (kind < 0 || kind > static_cast<int>(OpKind::CallModel)) fail("unknown op kind");
  op.kind = static_cast<OpKind>(kind);
  op.name = str_field(j, "name");
  op.fn_hyper = str_field(j, "fn_hyper");
  for (const auto& a : array_field(j, "args")) {
    if (!a.is_number_integer()) fail("op argument is not an index");
    auto idx = a.get<int64_t>();
    if (idx < 0 || static_cast<size_t>(idx) >= position) fail("op argument refers forward (graph not topological)");
    op.args.push_back(static_cast<int>(idx));
  }
  op.attrs = named_from(field(j, "attrs"));
  for (const auto& d : array_field(j, "dim_args")) op.dim_args.push_back(dim_from(d));
  op.site = str_field(j, "site");
  op.index = static_cast<int>(bounded_field(j, "index", -1, std::numeric_limits<int>::max()));
  op.value = num_field(j, "value");
  op.shape = shape_from(field(j, "shape"));
  op.batched = field(j, "batched").is_boolean() && field(j, "batched").get<bool>();
  return op;
}

}  // namespace

json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Number: return v.is_int ? json(static_cast<int64_t>(v.number)) : json(v.number);
    case Value::Kind::Name: return {{"name", v.text}};
    case Value::Kind::String: return v.text;
  }
  return nullptr;
}

Value value_from_json(const json& j) {
  if (j.is_number_integer()) return Value::num(static_cast<double>(j.get<int64_t>()), true);
  if (j.is_number()) return Value::num(j.get<double>());
  if (j.is_string()) return Value::str(j.get<std::string>());
  if (j.is_object() && j.contains("name") && j["name"].is_string()) return Value::name(j["name"].get<std::string>());
  fail("a hyper value is neither a number, a name nor a string");
}

json to_json(const Assignment& a) {
  json out = json::object();
  for (const auto& [name, v] : a) out[name] = to_json(v);
  return out;
}

Assignment assignment_from_json(const json& j) {
  if (!j.is_object()) fail("hypers are not an object");
  Assignment a;
  for (const auto& [name, v] : j.items()) a[name] = value_from_json(v);
  return a;
}

json to_json(const ModelGraph& m) {
  json inputs = json::array();
  for (const auto& in : m.inputs) inputs.push_back({{"name", in.name}, {"is_int", in.is_int}, {"shape", shape_json(in.shape)}});
  json params = json::array();
  for (const auto& p : m.params) params.push_back({{"name", p.name}, {"shape", shape_json(p.shape)}, {"init", call_json(p.init)}});
  json ops = json::array();
  for (const auto& op : m.body.ops) ops.push_back(op_json(op));
  return {{"name", m.name}, {"inputs", inputs}, {"result", shape_json(m.result)}, {"params", params},
          {"ops", ops}, {"output", m.body.output}, {"free_dims", m.free_dims}};
}

ModelGraph model_from_json(const json& j) {
  ModelGraph m;
  m.name = str_field(j, "name");
  for (const auto& in : array_field(j, "inputs"))
    m.inputs.push_back({str_field(in, "name"), field(in, "is_int").is_boolean() && in["is_int"].get<bool>(),
                        shape_from(field(in, "shape")), {}});
  m.result = shape_from(field(j, "result"));
  for (const auto& p : array_field(j, "params"))
    m.params.push_back({str_field(p, "name"), shape_from(field(p, "shape")), call_from(field(p, "init")), {}});
  const json& ops = array_field(j, "ops");
  if (ops.size() > kMaxOps) fail("too many ops");
  for (size_t i = 0; i < ops.size(); ++i) {
    Op op = op_from(ops[i], i);
    if (op.kind == OpKind::Param && (op.index < 0 || static_cast<size_t>(op.index) >= m.params.size()))
      fail("param op refers to a missing parameter");
    if (op.kind == OpKind::Input && (op.index < 0 || static_cast<size_t>(op.index) >= m.inputs.size()))
      fail("input op refers to a missing input");
    m.body.ops.push_back(std::move(op));
  }
  auto out = int_field(j, "output");
  if (out < 0 || static_cast<size_t>(out) >= m.body.ops.size()) fail("output op out of range");
  m.body.output = static_cast<int>(out);
  for (const auto& d : array_field(j, "free_dims")) {
    if (!d.is_string()) fail("free dimension is not a name");
    m.free_dims.push_back(d.get<std::string>());
  }
  return m;
}

}  // namespace xp::ir
