// Every `hyper` declaration → one ir::HyperDomain, in declaration order.
//   hyper lr ~ loguniform(1e-4, 1e-1)           LogUniform [low, high]
//   hyper units ~ int(4, 64, step: 4, log: true) Int
//   hyper act ~ choice(relu, tanh)              Choice of names
//   hyper momentum ~ uniform(0.5, 0.99) if opt == sgd   conditions (an `and` chain)
//   hyper epochs = 200                          Fixed (may use earlier fixed hypers)
// The space pass has already rejected spaces that cannot be sampled, so this
// file only translates.
#include "compiler/lower/lower.h"

namespace xp {
namespace {

using ast::BinaryOp;

std::string callee_name(const ast::Program& p, const ast::Call& c) {
  auto* n = std::get_if<ast::Name>(&p.expr(c.callee).node);
  return n ? n->name : "";
}

class SpaceLowering {
 public:
  SpaceLowering(const ast::Program& p, const Resolution& r) : p_(p), r_(r) {}

  ir::SearchSpace run() {
    for (const auto& stmt : p_.stmts) {
      if (auto* h = std::get_if<ast::Hyper>(&stmt.node)) add(*h, "", stmt.span);
      if (auto* m = std::get_if<ast::Model>(&stmt.node))
        for (const auto& item : m->items)
          if (auto* h = std::get_if<ast::Hyper>(&item.node)) add(*h, m->name, item.span);
    }
    return std::move(space_);
  }

 private:
  const ast::Program& p_;
  const Resolution& r_;
  ir::SearchSpace space_;
  ir::Assignment fixed_;  // fixed hypers so far, for `hyper b = a * 2`

  void add(const ast::Hyper& h, const std::string& scope, Span span) {
    ir::HyperDomain d;
    d.name = scope.empty() ? h.name : scope + "." + h.name;
    d.scope = scope;
    d.span = span;
    d.value_span = p_.expr(h.value).span;
    if (h.searched) searched(d, h.value);
    else fixed(d, h.value);
    if (h.condition != ast::kNoExpr) conditions(d, h.condition);
    if (d.kind == ir::HyperDomain::Kind::Fixed && d.when.empty()) fixed_[d.name] = d.fixed;
    space_.hypers.push_back(std::move(d));
  }

  ir::Value value(ast::ExprId id) const {
    auto v = ir::eval(lower_hexpr(p_, r_, id), fixed_);
    return v ? *v : ir::Value::num(0);
  }
  double number(ast::ExprId id) const { return value(id).number; }

  void fixed(ir::HyperDomain& d, ast::ExprId id) {
    d.kind = ir::HyperDomain::Kind::Fixed;
    d.fixed = value(id);
  }

  void searched(ir::HyperDomain& d, ast::ExprId id) {
    using K = ir::HyperDomain::Kind;
    auto* call = std::get_if<ast::Call>(&p_.expr(id).node);
    if (!call) return fixed(d, id);
    std::string fn = callee_name(p_, *call);
    std::vector<ast::ExprId> positional;
    for (const auto& a : call->args) {
      if (a.name.empty()) positional.push_back(a.value);
      else if (a.name == "step") d.step = number(a.value);
      else if (a.name == "log") d.log = truthy(a.value);
    }
    if (fn == "choice") {
      d.kind = K::Choice;
      for (ast::ExprId v : positional) d.choices.push_back(value(v));
      return;
    }
    d.kind = fn == "loguniform" ? K::LogUniform : fn == "int" ? K::Int : K::Uniform;
    if (d.kind == K::LogUniform) d.log = true;
    if (positional.size() >= 2) {
      d.low = number(positional[0]);
      d.high = number(positional[1]);
    }
  }

  bool truthy(ast::ExprId id) const {
    ir::Value v = value(id);
    return v.kind == ir::Value::Kind::Number ? v.number != 0 : v.text == "true";
  }

  // `a == x and b > 2` → one Condition per comparison.
  void conditions(ir::HyperDomain& d, ast::ExprId id) {
    const auto& e = p_.expr(id);
    auto* b = std::get_if<ast::Binary>(&e.node);
    if (!b) return;
    if (b->op == BinaryOp::And) {
      conditions(d, b->lhs);
      conditions(d, b->rhs);
      return;
    }
    ir::Condition c;
    c.span = e.span;
    const Symbol* lhs = r_.at(b->lhs);
    c.hyper = lhs ? lhs->name : "";
    c.op = ast::comparison(b->op).value_or(CmpOp::Eq);
    const auto& rhs = p_.expr(b->rhs);
    if (auto* n = std::get_if<ast::Name>(&rhs.node)) c.value = ir::Value::name(n->name);
    else c.value = value(b->rhs);
    d.when.push_back(std::move(c));
  }
};

}  // namespace

ir::SearchSpace lower_space(const ast::Program& p, const Resolution& r) { return SpaceLowering(p, r).run(); }

}  // namespace xp
