#include "ir/hypers_used.h"

#include <algorithm>
#include <vector>

namespace xp {
namespace {

struct Collector {
  const ir::Program& program;
  std::set<std::string> out;
  std::set<std::string> models_seen;

  void expr(const ir::HExpr& e) {
    std::vector<std::string> names;
    e.collect_hypers(names);
    out.insert(names.begin(), names.end());
  }
  void dim(const ir::Dim& d) {
    for (const auto& name : d.symbols()) out.insert(name);  // free data dims are filtered by the space lookup
  }
  void shape(const ir::Shape& s) {
    for (const auto& d : s) dim(d);
  }
  void call(const ir::CallSpec& c) {
    if (!c.fn_hyper.empty()) out.insert(c.fn_hyper);
    for (const auto& a : c.args) expr(a.value);
  }
  void graph(const ir::Graph& g) {
    for (const auto& op : g.ops) {
      if (op.kind == ir::OpKind::Hyper) out.insert(op.name);
      if (!op.fn_hyper.empty()) out.insert(op.fn_hyper);
      for (const auto& a : op.attrs) expr(a.value);
      for (const auto& d : op.dim_args) dim(d);
      shape(op.shape);
      if (op.kind == ir::OpKind::CallModel) model(op.name);
    }
  }
  void model(const std::string& name) {
    if (!models_seen.insert(name).second) return;
    const ir::ModelGraph* m = program.find_model(name);
    if (!m) return;
    for (const auto& p : m->params) {
      shape(p.shape);
      call(p.init);
    }
    for (const auto& in : m->inputs) shape(in.shape);
    graph(m->body);
  }
  // Conditions make a hyper's activity depend on others.
  void close_over_conditions() {
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& h : program.space.hypers) {
        if (!out.count(h.name)) continue;
        for (const auto& c : h.when) grew |= out.insert(c.hyper).second;
      }
    }
  }
  // The declared hypers collected, closed over their conditions.
  std::set<std::string> declared() {
    close_over_conditions();
    std::set<std::string> names;
    for (const auto& h : program.space.hypers)
      if (out.count(h.name)) names.insert(h.name);
    return names;
  }
};

}  // namespace

std::set<std::string> hypers_used(const ir::Program& program, const ir::TrainSpec& train) {
  Collector c{program, {}, {}};
  c.model(train.model);
  c.graph(train.loss);
  c.call(train.optimizer);
  c.expr(train.epochs);
  c.expr(train.batch);
  if (train.schedule) c.call(*train.schedule);
  if (train.clip) c.expr(*train.clip);
  return c.declared();
}

std::set<std::string> hypers_read(const ir::Program& program, const ir::HExpr& expression) {
  Collector c{program, {}, {}};
  c.expr(expression);
  return c.declared();
}

namespace {
// Whether a searched hyper's condition is already decided false by fixed
// hypers (`momentum ~ … if opt == sgd` after `--set opt=adam`): it can never
// be active, so there is nothing to search for it.
bool never_active(const ir::SearchSpace& space, const ir::HyperDomain& h, const ir::Assignment& fixed) {
  for (const auto& c : h.when) {
    const ir::HyperDomain* on = space.find(c.hyper);
    if (!on || on->kind != ir::HyperDomain::Kind::Fixed) continue;  // decided per trial
    ir::HyperDomain only = h;
    only.when = {c};
    if (!only.is_active(fixed)) return true;
  }
  return false;
}
}  // namespace

std::vector<std::string> searched_among(const ir::SearchSpace& space, const std::set<std::string>& names) {
  std::vector<std::string> out;
  const ir::Assignment fixed = fixed_assignment(space);
  for (const auto& h : space.hypers)
    if (h.kind != ir::HyperDomain::Kind::Fixed && names.count(h.name) && !never_active(space, h, fixed))
      out.push_back(h.name);
  return out;
}

ir::SearchSpace space_for(const ir::SearchSpace& space, const std::set<std::string>& used) {
  ir::SearchSpace out;
  std::set<std::string> kept;
  for (const auto& h : space.hypers) {
    const bool fixed = h.kind == ir::HyperDomain::Kind::Fixed;
    if (!fixed && !used.count(h.name)) continue;
    if (fixed && !std::all_of(h.when.begin(), h.when.end(), [&](const ir::Condition& c) { return kept.count(c.hyper) > 0; }))
      continue;
    kept.insert(h.name);
    out.hypers.push_back(h);
  }
  return out;
}

ir::Assignment fixed_assignment(const ir::SearchSpace& space) {
  ir::Assignment a;
  for (const auto& h : space.hypers)
    if (h.kind == ir::HyperDomain::Kind::Fixed && h.is_active(a)) a[h.name] = h.fixed;
  return a;
}

}  // namespace xp
