// `data`, `split` and preprocessing statements → ir::DataSpec.
//   data iris = csv("iris.csv", target: "species")  Csv, path made absolute; target and
//                                                    columns also kept as options (with spans);
//                                                    `drop: [...]` one option per column
//   data d = iris                                   Dataset (the stdlib's)
//   data m = moons(n: 200, noise: 0.1)              Generator with options
//   csv(..., shape: [8, 8, 1]), digits(shape: [8, 8, 1])  `shape:` one option per size
//   split iris { train: 0.7, val: 0.15, test: 0.15, stratify: true, folds: 5 }
//     fractions not given share what the given ones leave, equally
//   standardize iris / minmax iris / onehot iris.color
#include <algorithm>

#include "compiler/lower/parts.h"
#include "base/saturate.h"
#include "stdlib/builtins.h"

namespace xp::lowering {
namespace {

void source(const Input& in, const ast::Data& d, ir::DataSpec& spec) {
  const ast::Expr& e = in.p.expr(d.source);
  std::string fn;
  const ast::Call* call = std::get_if<ast::Call>(&e.node);
  if (auto* n = std::get_if<ast::Name>(&(call ? in.p.expr(call->callee) : e).node)) fn = n->name;
  if (fn == "csv") spec.source = ir::DataSpec::Source::Csv;
  else if (stdlib::find(fn, stdlib::Category::Generator)) spec.source = ir::DataSpec::Source::Generator;
  else spec.source = ir::DataSpec::Source::Dataset;
  if (spec.source != ir::DataSpec::Source::Csv) spec.dataset = fn;
  if (!call) return;
  for (const auto& a : call->args) {
    const ast::Expr& v = in.p.expr(a.value);
    if (a.name.empty()) {
      if (auto* s = std::get_if<ast::String>(&v.node)) {
        spec.path = absolute(in.script_dir, s->value);
        spec.path_span = v.span;
      }
    } else if (auto* list = std::get_if<ast::List>(&v.node); list && a.name == "target") {
      // Several targets: one option per name, each at its own string (like `columns:`).
      for (ast::ExprId item : list->items)
        if (auto* s = std::get_if<ast::String>(&in.p.expr(item).node)) {
          spec.targets.push_back(s->value);
          spec.options.push_back({a.name, lower_hexpr(in.p, in.r, item), in.p.expr(item).span});
        }
      if (!spec.targets.empty()) spec.target = spec.targets.front();
      if (spec.targets.size() == 1) spec.targets.clear();  // `target: ["y"]` is `target: "y"`
    } else if (a.name == "target") {
      auto* s = std::get_if<ast::String>(&v.node);
      auto* n = std::get_if<ast::Name>(&v.node);
      spec.target = s ? s->value : n ? n->name : "";
      spec.options.push_back({a.name, lower_hexpr(in.p, in.r, a.value), v.span});  // its span, for the loader's messages
    } else if (a.name == "columns" || a.name == "drop") {
      if (auto* list = std::get_if<ast::List>(&v.node))
        for (ast::ExprId item : list->items)
          if (auto* s = std::get_if<ast::String>(&in.p.expr(item).node)) {
            if (a.name == "columns") spec.columns.push_back(s->value);
            // One option per column, so an unknown column is reported at its own string.
            spec.options.push_back({a.name, lower_hexpr(in.p, in.r, item), in.p.expr(item).span});
          }
    } else if (auto* list = std::get_if<ast::List>(&v.node); list && a.name == "shape") {
      // One option per size, each with the list's span (runtime/data/example_form.h).
      for (ast::ExprId item : list->items) spec.options.push_back({a.name, lower_hexpr(in.p, in.r, item), v.span});
    } else {
      spec.options.push_back({a.name, lower_hexpr(in.p, in.r, a.value), v.span});
    }
  }
}

void split(const Input& in, const ast::Split& s, ir::SplitSpec& out) {
  out.span = {};
  double given[3] = {-1, -1, -1};
  const char* parts[3] = {"train", "val", "test"};
  for (const auto& a : s.options) {
    auto v = ir::eval(lower_hexpr(in.p, in.r, a.value), {});
    double x = v && v->kind == ir::Value::Kind::Number ? v->number : 0;
    for (int k = 0; k < 3; ++k)
      if (a.name == parts[k]) given[k] = x;
    if (a.name == "stratify") out.stratify = flag(in, a.value);
    if (a.name == "shuffle") out.shuffle = flag(in, a.value);
    if (a.name == "folds") out.folds = saturating_cast<int>(x);
  }
  double sum = 0;
  int missing = 0;
  for (double g : given) {
    if (g < 0) ++missing;
    else sum += g;
  }
  if (missing == 3) return;  // only flags: keep the default fractions
  double share = missing ? std::max(0.0, 1.0 - sum) / missing : 0;
  out.train = given[0] < 0 ? share : given[0];
  out.val = given[1] < 0 ? share : given[1];
  out.test = given[2] < 0 ? share : given[2];
}

}  // namespace

std::vector<ir::DataSpec> data_specs(const Input& in) {
  std::vector<ir::DataSpec> out;
  auto find = [&](const std::string& name) -> ir::DataSpec* {
    for (auto& d : out)
      if (d.name == name) return &d;
    return nullptr;
  };
  for (const auto& stmt : in.p.stmts) {
    if (auto* d = std::get_if<ast::Data>(&stmt.node)) {
      ir::DataSpec spec;
      spec.name = d->name;
      spec.span = stmt.span;
      source(in, *d, spec);
      out.push_back(std::move(spec));
    } else if (auto* s = std::get_if<ast::Split>(&stmt.node)) {
      if (ir::DataSpec* spec = find(s->data)) {
        split(in, *s, spec->split);
        spec->split.span = stmt.span;
      }
    } else if (auto* pp = std::get_if<ast::Preprocess>(&stmt.node)) {
      const ast::Expr& target = in.p.expr(pp->target);
      std::string data, column;
      if (auto* n = std::get_if<ast::Name>(&target.node)) data = n->name;
      if (auto* m = std::get_if<ast::Member>(&target.node)) {
        if (auto* base = std::get_if<ast::Name>(&in.p.expr(m->base).node)) data = base->name;
        if (m->member != "train" && m->member != "val" && m->member != "test") column = m->member;
      }
      if (ir::DataSpec* spec = find(data)) spec->preprocess.push_back({pp->op, column, stmt.span});
    }
  }
  return out;
}

}  // namespace xp::lowering
