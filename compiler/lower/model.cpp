// Models and train blocks → ir::ModelGraph and ir::TrainSpec.
#include <algorithm>

#include "compiler/lower/graph_lowering.h"
#include "compiler/lower/parts.h"
#include "base/saturate.h"
#include "stdlib/builtins.h"

namespace xp::lowering {
namespace {

// No `~ init` written: Glorot for a matrix, zeros for a vector or scalar
// (the usual defaults for weights and biases).
ir::CallSpec default_init(const ir::Shape& s) {
  ir::CallSpec c;
  c.fn = s.size() >= 2 ? "glorot" : "zeros";
  return c;
}

// The metric a stop_early monitor or a tune objective improves by raising (its registry entry says).
bool higher_is_better(const std::string& metric) {
  const stdlib::Builtin* b = stdlib::find(metric.substr(metric.rfind('.') + 1), stdlib::Category::Metric);
  return b && b->higher_is_better;
}

ir::EarlyStop stop_early(const Input& in, ast::ExprId id) {
  ir::EarlyStop s;
  s.enabled = true;
  s.span = in.p.expr(id).span;
  bool mode_given = false;
  if (auto* call = std::get_if<ast::Call>(&in.p.expr(id).node)) {
    for (const auto& a : call->args) {
      auto v = ir::eval(lower_hexpr(in.p, in.r, a.value), {});
      double x = v && v->kind == ir::Value::Kind::Number ? v->number : 0;
      if (a.name == "monitor") s.monitor = metric_text(in, a.value);
      else if (a.name == "patience") s.patience = saturating_cast<int>(x);
      else if (a.name == "min_delta") s.min_delta = x;
      else if (a.name == "restore" || a.name == "restore_best") s.restore_best = flag(in, a.value);
      else if (a.name == "mode") {
        mode_given = true;
        s.maximize = v && v->text == "max";
      }
    }
  }
  if (!mode_given) s.maximize = higher_is_better(s.monitor);
  return s;
}

}  // namespace

ir::ModelGraph model_graph(const Input& in, const ast::Model& m) {
  const ModelShapes& shapes = in.facts.models.at(m.name);
  ir::ModelGraph g;
  g.name = m.name;
  g.span = m.name_span;
  g.inputs = shapes.inputs;
  g.result = shapes.declared_result ? shapes.result : ir::Shape{};
  g.params = shapes.params;
  g.free_dims = shapes.free_dims;
  size_t k = 0;
  for (const auto& item : m.items) {
    auto* p = std::get_if<ast::Param>(&item.node);
    if (!p || k >= g.params.size()) continue;
    ir::ParamSpec& spec = g.params[k++];
    spec.init = p->init == ast::kNoExpr ? default_init(spec.shape) : call_spec(in, p->init);
  }
  GraphLowering b(in.p, in.r, in.facts, g.body);
  b.set_model(&shapes);
  for (const auto& item : m.items) {
    if (auto* let = std::get_if<ast::Let>(&item.node)) b.bind_local(let->name, b.build(let->value));
    if (auto* ret = std::get_if<ast::Return>(&item.node)) g.body.output = b.build(ret->value);
  }
  return g;
}

ir::TrainSpec train_spec(const Input& in, size_t stmt_index, const ast::Train& t) {
  ir::TrainSpec s;
  s.model = t.model;
  s.span = in.p.stmts[stmt_index].span;
  const TrainShapes* shapes = nullptr;
  if (auto it = in.facts.trains.find(stmt_index); it != in.facts.trains.end()) shapes = &it->second;
  if (shapes) {
    s.data = shapes->data;
    s.dim_bindings = shapes->dim_bindings;
  }
  GraphLowering b(in.p, in.r, in.facts, s.loss);
  if (auto it = in.facts.models.find(t.model); it != in.facts.models.end()) b.set_model(&it->second);
  if (shapes) b.set_batch(shapes->x, shapes->y);
  for (const auto& item : t.items) {
    if (item.values.empty()) continue;
    ast::ExprId v = item.values.front();
    if (item.key == "loss") s.loss.output = b.build(v);
    else if (item.key == "optimizer") s.optimizer = call_spec(in, v);
    else if (item.key == "epochs") s.epochs = lower_hexpr(in.p, in.r, v);
    else if (item.key == "batch") s.batch = lower_hexpr(in.p, in.r, v);
    else if (item.key == "schedule") s.schedule = call_spec(in, v);
    else if (item.key == "clip") s.clip = lower_hexpr(in.p, in.r, v);
    else if (item.key == "stop_early") s.stop = stop_early(in, v);
    else if (item.key == "metrics")
      for (ast::ExprId m : item.values) s.metrics.push_back(metric_text(in, m));
  }
  return s;
}

}  // namespace xp::lowering
