#pragma once
// The number a literal stands for: `16`, `1e-4`, `-0.5` (negations are
// folded without recursion, so `- - - 1` of any depth is safe).
#include <optional>
#include <string>

#include <fmt/format.h>

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

// The literal as the user wrote it (`1e-4`, not `0.0001`), for messages that
// suggest a rewrite; empty when `id` is not a literal number.
inline std::string literal_text(const ast::Program& p, ast::ExprId id) {
  std::string sign;
  while (id != ast::kNoExpr) {
    const auto& node = p.expr(id).node;
    if (auto* n = std::get_if<ast::Number>(&node)) {
      if (!n->text.empty()) return sign + n->text;
      return sign + fmt::format("{}", n->value);
    }
    auto* u = std::get_if<ast::Unary>(&node);
    if (!u || u->op != ast::UnaryOp::Neg) break;
    sign += "-";
    id = u->operand;
  }
  return "";
}

}  // namespace xp
