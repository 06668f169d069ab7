// Expressions of hypers and constants (`epochs = epochs`, `adam(lr)`'s
// arguments, a black-box objective) → ir::HExpr.
#include <stdexcept>

#include "compiler/lower/lower.h"

namespace xp {
namespace {

using ast::BinaryOp;
using K = ir::HExpr::Kind;

ir::HExpr node(K kind, std::string name, std::vector<ir::HExpr> args, Span span) {
  ir::HExpr e;
  e.kind = kind;
  e.name = std::move(name);
  e.args = std::move(args);
  e.span = span;
  return e;
}

K arith_kind(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return K::Add;
    case BinaryOp::Sub: return K::Sub;
    case BinaryOp::Mul: return K::Mul;
    case BinaryOp::Div: return K::Div;
    case BinaryOp::Pow: return K::Pow;
    case BinaryOp::And: return K::And;
    case BinaryOp::Or: return K::Or;
    default: throw std::logic_error("internal error: this is a bug in exp (no scalar form of a tensor operator)");
  }
}

// "val.accuracy", "iris.test": a dotted name kept as a Name.
std::string dotted(const ast::Program& p, ast::ExprId id) {
  const auto& e = p.expr(id);
  if (auto* n = std::get_if<ast::Name>(&e.node)) return n->name;
  if (auto* m = std::get_if<ast::Member>(&e.node)) return dotted(p, m->base) + "." + m->member;
  return "?";
}

}  // namespace

ir::HExpr lower_hexpr(const ast::Program& p, const Resolution& r, ast::ExprId id) {
  const ast::Expr& e = p.expr(id);
  if (auto* n = std::get_if<ast::Number>(&e.node)) {
    ir::HExpr c = ir::HExpr::constant(n->value, n->is_int);
    c.span = e.span;
    return c;
  }
  if (auto* s = std::get_if<ast::String>(&e.node)) return node(K::String, s->value, {}, e.span);
  if (auto* n = std::get_if<ast::Name>(&e.node)) {
    const Symbol* sym = r.at(id);
    if (sym && sym->kind == Symbol::Kind::Hyper) return node(K::Hyper, sym->name, {}, e.span);
    return node(K::Name, n->name, {}, e.span);  // a built-in's name (relu, pi) or a bare word (sgd)
  }
  if (std::holds_alternative<ast::Member>(e.node)) {
    const Symbol* sym = r.at(id);
    if (sym && sym->kind == Symbol::Kind::Hyper) return node(K::Hyper, sym->name, {}, e.span);
    return node(K::Name, sym ? sym->name : dotted(p, id), {}, e.span);
  }
  if (auto* u = std::get_if<ast::Unary>(&e.node)) {
    ir::HExpr operand = lower_hexpr(p, r, u->operand);
    if (u->op == ast::UnaryOp::Neg && operand.kind == K::Const) {  // -1e-3 is a constant, not an operation
      operand.value = -operand.value;
      operand.span = e.span;
      return operand;
    }
    return node(u->op == ast::UnaryOp::Neg ? K::Neg : K::Not, "", {std::move(operand)}, e.span);
  }
  if (auto* b = std::get_if<ast::Binary>(&e.node)) {
    std::vector<ir::HExpr> args{lower_hexpr(p, r, b->lhs), lower_hexpr(p, r, b->rhs)};
    if (auto op = ast::comparison(b->op)) {
      ir::HExpr cmp = node(K::Cmp, "", std::move(args), e.span);
      cmp.cmp = *op;
      return cmp;
    }
    return node(arith_kind(b->op), "", std::move(args), e.span);
  }
  if (auto* c = std::get_if<ast::Call>(&e.node)) {
    std::vector<ir::HExpr> args;
    for (const auto& a : c->args) args.push_back(lower_hexpr(p, r, a.value));
    return node(K::Call, dotted(p, c->callee), std::move(args), e.span);
  }
  throw std::logic_error("internal error: this is a bug in exp (a list or index where a scalar was checked)");
}

}  // namespace xp
