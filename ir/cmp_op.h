#pragma once
// The six comparisons, shared by the AST checks (conditions on hypers are
// tested against their choices at check time) and the IR (conditions and
// hyper expressions evaluated per trial): one enum, one spelling, one rule.
#include <optional>
#include <string_view>

namespace xp {

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

constexpr const char* to_string(CmpOp op) {
  switch (op) {
    case CmpOp::Eq: return "==";
    case CmpOp::Ne: return "!=";
    case CmpOp::Lt: return "<";
    case CmpOp::Le: return "<=";
    case CmpOp::Gt: return ">";
    case CmpOp::Ge: return ">=";
  }
  return "?";
}

// The operator `text` spells ("==", "<", ...), as stored in a study's space JSON.
inline std::optional<CmpOp> parse_cmp_op(std::string_view text) {
  for (CmpOp op : {CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge})
    if (text == to_string(op)) return op;
  return std::nullopt;
}

// Whether `op` holds for a pair whose order is `order` (< 0: the left is
// smaller, 0: equal, > 0: larger).
constexpr bool holds(CmpOp op, int order) {
  switch (op) {
    case CmpOp::Eq: return order == 0;
    case CmpOp::Ne: return order != 0;
    case CmpOp::Lt: return order < 0;
    case CmpOp::Le: return order <= 0;
    case CmpOp::Gt: return order > 0;
    case CmpOp::Ge: return order >= 0;
  }
  return false;
}

template <class T>
bool compare(const T& a, CmpOp op, const T& b) {
  return holds(op, a < b ? -1 : (b < a ? 1 : 0));
}

}  // namespace xp
