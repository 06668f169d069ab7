#pragma once
// Visits every expression under `root` in source order (pre-order), with an
// explicit stack so that hostile nesting cannot overflow the call stack.
#include <vector>

#include "compiler/ast.h"

namespace xp {

template <class F>  // F: void(ast::ExprId, const ast::Expr&)
void walk(const ast::Program& p, ast::ExprId root, F&& visit) {
  if (root == ast::kNoExpr) return;
  std::vector<ast::ExprId> stack{root};
  auto push_reversed = [&](const std::vector<ast::ExprId>& ids) {
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) stack.push_back(*it);
  };
  while (!stack.empty()) {
    ast::ExprId id = stack.back();
    stack.pop_back();
    const ast::Expr& e = p.expr(id);
    visit(id, e);
    if (auto* m = std::get_if<ast::Member>(&e.node)) stack.push_back(m->base);
    else if (auto* l = std::get_if<ast::List>(&e.node)) push_reversed(l->items);
    else if (auto* u = std::get_if<ast::Unary>(&e.node)) stack.push_back(u->operand);
    else if (auto* b = std::get_if<ast::Binary>(&e.node)) { stack.push_back(b->rhs); stack.push_back(b->lhs); }
    else if (auto* c = std::get_if<ast::Call>(&e.node)) {
      for (auto it = c->args.rbegin(); it != c->args.rend(); ++it) stack.push_back(it->value);
      stack.push_back(c->callee);
    } else if (auto* ix = std::get_if<ast::Index>(&e.node)) {
      push_reversed(ix->indices);
      stack.push_back(ix->base);
    }
  }
}

}  // namespace xp
