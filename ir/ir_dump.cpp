// ir::dump: the readable, stable text of a lowered program (`exp check
// --dump-ir`, golden-tested in tests/ir/). One section per part, two-space
// indentation, SSA values as %n. Nothing here depends on addresses or hash
// order, so the same script always dumps the same text.
#include <fmt/format.h>

#include "ir/ir.h"

namespace xp::ir {
namespace {

const char* op_name(OpKind k) {
  switch (k) {
    case OpKind::Input: return "input";
    case OpKind::Target: return "target";
    case OpKind::Param: return "param";
    case OpKind::Hyper: return "hyper";
    case OpKind::Const: return "const";
    case OpKind::Add: return "add";
    case OpKind::Sub: return "sub";
    case OpKind::Mul: return "mul";
    case OpKind::Div: return "div";
    case OpKind::Pow: return "pow";
    case OpKind::Neg: return "neg";
    case OpKind::MatMul: return "matmul";
    case OpKind::Builtin: return "builtin";
    case OpKind::CallModel: return "call";
  }
  return "?";
}

std::string named_args(const std::vector<NamedHExpr>& args) {
  std::string s;
  for (size_t i = 0; i < args.size(); ++i) {
    s += i ? ", " : "";
    if (!args[i].name.empty()) s += args[i].name + ": ";
    s += to_string(args[i].value);
  }
  return s;
}

std::string call_str(const CallSpec& c) {
  std::string fn = c.fn.empty() ? "<" + c.fn_hyper + ">" : c.fn;
  return c.args.empty() ? fn : fn + "(" + named_args(c.args) + ")";
}

std::string op_line(const Op& op) {
  std::string s = op_name(op.kind);
  switch (op.kind) {
    case OpKind::Input: case OpKind::Param: s += fmt::format(" {}#{}", op.name, op.index); break;
    case OpKind::Target: case OpKind::Hyper: s += " " + op.name; break;
    case OpKind::Const: s += " " + Value::num(op.value).str(); break;
    case OpKind::Builtin: s += " " + (op.name.empty() ? "<" + op.fn_hyper + ">" : op.name); break;
    case OpKind::CallModel: s += " " + op.name + (op.site.empty() ? " (root)" : " @" + op.site); break;
    default: break;
  }
  for (size_t i = 0; i < op.args.size(); ++i) s += fmt::format("{}%{}", i ? ", " : " ", op.args[i]);
  if (!op.dim_args.empty()) {
    s += " dims(";
    for (size_t i = 0; i < op.dim_args.size(); ++i) s += (i ? ", " : "") + op.dim_args[i].str();
    s += ")";
  }
  if (!op.attrs.empty()) s += " {" + named_args(op.attrs) + "}";
  s += " : " + shape_str(op.shape);
  if (op.batched) s += " batched";
  return s;
}

void dump_graph(std::string& out, const Graph& g, const char* indent) {
  for (size_t i = 0; i < g.ops.size(); ++i) out += fmt::format("{}%{} = {}\n", indent, i, op_line(g.ops[i]));
  if (g.output >= 0) out += fmt::format("{}return %{}\n", indent, g.output);
}

void dump_space(std::string& out, const SearchSpace& space) {
  out += space.hypers.empty() ? "space (empty)\n" : "space\n";
  for (const auto& h : space.hypers) {
    out += fmt::format("  {} {}", h.name, to_string(h));
    if (!h.scope.empty()) out += " [in " + h.scope + "]";
    out += "\n";
  }
}

void dump_data(std::string& out, const DataSpec& d) {
  out += "\ndata " + d.name + "\n";
  switch (d.source) {
    case DataSpec::Source::Csv: out += "  source csv \"" + d.path + "\"\n"; break;
    case DataSpec::Source::Dataset: out += "  source dataset " + d.dataset + " \"" + d.path + "\"\n"; break;
    case DataSpec::Source::Generator: out += "  source generator " + d.dataset + "\n"; break;
  }
  if (!d.targets.empty()) {
    out += "  targets";
    for (const auto& t : d.targets) out += " " + t;
    out += "\n";
  } else if (!d.target.empty()) {
    out += "  target " + d.target + "\n";
  }
  if (!d.columns.empty()) {
    out += "  columns";
    for (const auto& c : d.columns) out += " " + c;
    out += "\n";
  }
  std::vector<NamedHExpr> options;  // target and columns have their own lines above
  for (const auto& o : d.options)
    if (o.name != "target" && o.name != "columns") options.push_back(o);
  if (!options.empty()) out += "  options " + named_args(options) + "\n";
  const SplitSpec& s = d.split;
  out += fmt::format("  split train {}, val {}, test {}", Value::num(s.train).str(), Value::num(s.val).str(),
                     Value::num(s.test).str());
  if (s.stratify) out += ", stratify";
  out += s.shuffle ? ", shuffle" : ", no shuffle";
  if (s.folds) out += fmt::format(", folds {}", s.folds);
  out += "\n";
  for (const auto& p : d.preprocess) out += "  preprocess " + p.op + (p.column.empty() ? "" : " " + p.column) + "\n";
}

void dump_model(std::string& out, const ModelGraph& m) {
  out += "\nmodel " + m.name + "(";
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    out += (i ? ", " : "") + in.name + ": " + (in.is_int ? "int" : shape_str(in.shape));
  }
  out += ")";
  if (!m.result.empty()) out += " -> " + shape_str(m.result);
  out += "\n";
  if (!m.free_dims.empty()) {
    out += "  free dims";
    for (const auto& d : m.free_dims) out += " " + d;
    out += "\n";
  }
  for (size_t i = 0; i < m.params.size(); ++i) {
    const auto& p = m.params[i];
    out += fmt::format("  param#{} {}: {} ~ {}\n", i, p.name, shape_str(p.shape), call_str(p.init));
  }
  out += "  body\n";
  dump_graph(out, m.body, "    ");
}

void dump_train(std::string& out, const TrainSpec& t) {
  out += "\ntrain " + t.model + " on " + t.data + "\n";
  out += "  loss\n";
  dump_graph(out, t.loss, "    ");
  out += "  optimizer " + call_str(t.optimizer) + "\n";
  out += "  epochs " + to_string(t.epochs) + "\n";
  out += "  batch " + to_string(t.batch) + "\n";
  if (t.schedule) out += "  schedule " + call_str(*t.schedule) + "\n";
  if (t.clip) out += "  clip " + to_string(*t.clip) + "\n";
  if (t.stop.enabled)
    out += fmt::format("  stop_early monitor {}, {}, patience {}, min_delta {}, restore {}\n", t.stop.monitor,
                       t.stop.maximize ? "max" : "min", t.stop.patience, Value::num(t.stop.min_delta).str(),
                       t.stop.restore_best ? "true" : "false");
  if (!t.metrics.empty()) {
    out += "  metrics";
    for (const auto& m : t.metrics) out += " " + m;
    out += "\n";
  }
  for (const auto& [sym, what] : t.dim_bindings) out += "  bind " + sym + " = data." + what + "\n";
}

void dump_tune(std::string& out, const TuneSpec& t) {
  out += "\ntune " + (t.model.empty() ? std::string("(black box)") : t.model) + "\n";
  out += "  method " + t.method + "\n";
  out += fmt::format("  trials {}\n", t.trials);
  if (t.timeout_seconds > 0) out += "  timeout " + Value::num(t.timeout_seconds).str() + "s\n";
  if (t.objective) out += std::string("  ") + (t.maximize ? "maximize " : "minimize ") + to_string(*t.objective) + "\n";
  else out += std::string("  ") + (t.maximize ? "maximize " : "minimize ") + t.metric + "\n";
  if (t.cv_folds) out += fmt::format("  cv {}\n", t.cv_folds);
  out += t.parallel ? fmt::format("  parallel {}\n", t.parallel) : "  parallel (all cores)\n";
  if (t.prune) out += "  prune " + call_str(*t.prune) + "\n";
  if (t.refit_on_train_val) out += "  refit train+val\n";
  if (!t.options.empty()) out += "  options " + named_args(t.options) + "\n";
}

void dump_report(std::string& out, const ReportSpec& r) {
  out += "\nreport " + r.model + "\n";
  if (r.hypers) out += "  hypers\n";
  if (r.params) out += "  params\n";
  if (!r.test_metrics.empty()) {
    out += "  test";
    for (const auto& m : r.test_metrics) out += " " + m;
    out += "\n";
  }
  if (!r.save_path.empty()) out += "  save \"" + r.save_path + "\"\n";
}

}  // namespace

std::string dump(const Program& p) {
  std::string out = "program \"" + p.script_path + "\"\n";
  if (p.seed) out += fmt::format("seed {}\n", *p.seed);
  dump_space(out, p.space);
  for (const auto& d : p.data) dump_data(out, d);
  for (const auto& m : p.models) dump_model(out, m);
  for (const auto& t : p.trains) dump_train(out, t);
  for (const auto& t : p.tunes) dump_tune(out, t);
  for (const auto& r : p.reports) dump_report(out, r);
  for (const auto& pr : p.prints) out += "\nprint " + (pr.text.empty() ? to_string(pr.value) : pr.text) + "\n";
  for (const auto& e : p.evaluations)
    out += "\nevaluate " + e.model + (e.data.empty() ? "" : " on " + e.data + (e.part.empty() ? "" : "." + e.part)) + "\n";
  return out;
}

}  // namespace xp::ir
