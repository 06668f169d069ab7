// Small translations shared by the lowering files.
#include <filesystem>

#include "compiler/lower/parts.h"

namespace xp::lowering {

std::string absolute(const std::string& dir, const std::string& path) {
  std::filesystem::path p(path);
  if (!p.is_absolute()) p = std::filesystem::path(dir) / p;
  return p.lexically_normal().string();
}

ir::CallSpec call_spec(const Input& in, ast::ExprId id) {
  ir::CallSpec c;
  const ast::Expr& e = in.p.expr(id);
  c.span = e.span;
  ast::ExprId head = id;
  const ast::Call* call = std::get_if<ast::Call>(&e.node);
  if (call) head = call->callee;
  const Symbol* s = in.r.at(head);
  if (s && s->kind == Symbol::Kind::Hyper) c.fn_hyper = s->name;
  else if (auto* n = std::get_if<ast::Name>(&in.p.expr(head).node)) c.fn = n->name;
  else c.fn = s ? s->name : "";
  if (call)
    for (const auto& a : call->args) c.args.push_back({a.name, lower_hexpr(in.p, in.r, a.value), in.p.expr(a.value).span});
  return c;
}

std::string metric_text(const Input& in, ast::ExprId id) {
  if (const Symbol* s = in.r.at(id)) return s->name;
  return ir::to_string(lower_hexpr(in.p, in.r, id));
}

bool flag(const Input& in, ast::ExprId id) {
  auto v = ir::eval(lower_hexpr(in.p, in.r, id), {});
  if (!v) return false;
  return v->kind == ir::Value::Kind::Number ? v->number != 0 : (v->text == "true" || v->text == "yes");
}

}  // namespace xp::lowering
