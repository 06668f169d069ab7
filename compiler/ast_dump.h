#pragma once
// A readable, stable text form of the AST (`exp check --dump-after parse`,
// golden tests, parser unit tests). Binary operations print fully
// parenthesised, so precedence and associativity are visible: `(a + (b * c))`.
#include <string>

#include "compiler/ast.h"

namespace xp::ast {

std::string dump(const Program& program);
std::string dump_expr(const Program& program, ExprId id);

}  // namespace xp::ast
