#include "compiler/ast.h"

namespace xp::ast {

std::optional<CmpOp> comparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::Eq: return CmpOp::Eq;
    case BinaryOp::Ne: return CmpOp::Ne;
    case BinaryOp::Lt: return CmpOp::Lt;
    case BinaryOp::Le: return CmpOp::Le;
    case BinaryOp::Gt: return CmpOp::Gt;
    case BinaryOp::Ge: return CmpOp::Ge;
    default: return std::nullopt;
  }
}

const char* to_string(BinaryOp op) {
  if (auto c = comparison(op)) return xp::to_string(*c);
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Pow: return "^";
    case BinaryOp::MatMul: return "@";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
    default: break;
  }
  return "?";
}

}  // namespace xp::ast
