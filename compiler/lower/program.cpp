// lower(): the whole program, part by part in statement order.
#include <filesystem>

#include "compiler/lower/parts.h"

namespace xp {
namespace {

using namespace lowering;

ir::ReportSpec& report_for(ir::Program& out, const std::string& model) {
  for (auto& r : out.reports)
    if (r.model == model) return r;
  out.reports.emplace_back();
  out.reports.back().model = model;
  return out.reports.back();
}

void report(const Input& in, const ast::Report& r, Span span, ir::Program& out) {
  ir::ReportSpec& spec = report_for(out, r.model);
  spec.span = span;
  for (const auto& item : r.items) {
    if (item.key == "hypers") spec.hypers = true;
    else if (item.key == "params") spec.params = true;
    else if (item.key == "test")
      for (ast::ExprId m : item.values) spec.test_metrics.push_back(metric_text(in, m).substr(metric_text(in, m).rfind('.') + 1));
    else if (item.key == "save" && !item.values.empty())
      if (auto* s = std::get_if<ast::String>(&in.p.expr(item.values.front()).node)) {
        spec.save_path = absolute(in.script_dir, s->value);
        spec.save_text = s->value;
        spec.save_span = in.p.expr(item.values.front()).span;
      }
  }
}

}  // namespace

ir::Program lower(const ast::Program& p, const Resolution& r, const ShapeFacts& facts, const ScriptLocation& script) {
  ir::Program out;
  out.script_path = script.path;
  out.script_dir = script.dir;
  Input in{p, r, facts, out.script_dir};
  out.space = facts.space;
  out.data = data_specs(in);
  for (size_t i = 0; i < p.stmts.size(); ++i) {
    const ast::Stmt& stmt = p.stmts[i];
    if (auto* s = std::get_if<ast::Seed>(&stmt.node)) out.seed = static_cast<uint64_t>(s->value);
    else if (auto* m = std::get_if<ast::Model>(&stmt.node)) out.models.push_back(model_graph(in, *m));
    else if (auto* t = std::get_if<ast::Train>(&stmt.node)) out.trains.push_back(train_spec(in, i, *t));
    else if (auto* t = std::get_if<ast::Tune>(&stmt.node)) {
      out.tunes.push_back(tune_spec(in, *t));
      out.tunes.back().span = stmt.span;
    } else if (auto* rep = std::get_if<ast::Report>(&stmt.node)) report(in, *rep, stmt.span, out);
    else if (auto* sv = std::get_if<ast::Save>(&stmt.node)) {
      if (auto* s = std::get_if<ast::String>(&p.expr(sv->path).node)) {
        ir::ReportSpec& spec = report_for(out, sv->model);
        spec.save_path = absolute(in.script_dir, s->value);
        spec.save_text = s->value;
        spec.save_span = p.expr(sv->path).span;
      }
    } else if (auto* ev = std::get_if<ast::Evaluate>(&stmt.node)) {
      ir::EvaluateSpec spec;
      spec.model = ev->model;
      spec.span = stmt.span;
      if (const Symbol* s = ev->data == ast::kNoExpr ? nullptr : r.at(ev->data)) {
        spec.data = s->kind == Symbol::Kind::SplitPart ? s->owner : s->name;
        if (s->kind == Symbol::Kind::SplitPart) spec.part = s->name.substr(s->name.rfind('.') + 1);
      }
      out.evaluations.push_back(std::move(spec));
    } else if (auto* pr = std::get_if<ast::Print>(&stmt.node)) {
      ir::PrintSpec ps;
      ps.span = stmt.span;
      ps.value = lower_hexpr(p, r, pr->value);  // a string too: it prints as itself
      out.prints.push_back(std::move(ps));
    }
  }
  return out;
}

}  // namespace xp
