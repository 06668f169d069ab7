#pragma once
// The number a literal stands for: `16`, `1e-4`, `-0.5` (negations are
// folded without recursion, so `- - - 1` of any depth is safe).
#include <optional>

#include "compiler/ast.h"

namespace xp {

inline std::optional<double> literal_number(const ast::Program& p, ast::ExprId id) {
  bool negative = false;
  while (id != ast::kNoExpr) {
    const auto& node = p.expr(id).node;
    if (auto* n = std::get_if<ast::Number>(&node)) return negative ? -n->value : n->value;
    auto* u = std::get_if<ast::Unary>(&node);
    if (!u || u->op != ast::UnaryOp::Neg) break;
    negative = !negative;
    id = u->operand;
  }
  return std::nullopt;
}

}  // namespace xp
