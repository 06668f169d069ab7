#pragma once
// Shared by the parser tests: parse a text, look at the AST or the diagnostics.
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "compiler/ast_dump.h"
#include "base/diagnostics.h"
#include "compiler/parse_program.h"

namespace xp::test {

struct Parsed {
  SourceMap sources;
  Diagnostics diags;
  ast::Program program;

  explicit Parsed(std::string text) {
    uint32_t file = sources.add("test.exp", std::move(text));
    program = parse_program(sources, file, diags);
  }
  std::string dump() const { return ast::dump(program); }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.all()) out.push_back(d.code);
    return out;
  }
  // The text a span covers.
  std::string text(Span s) const { return sources.file(0).text.substr(s.begin, s.end - s.begin); }
  const ast::Expr& expr(ast::ExprId id) const { return program.expr(id); }
};

// The expression of `print EXPR`, fully parenthesised.
inline std::string expr_of(const std::string& source) {
  Parsed p("print " + source);
  if (p.diags.has_errors() || p.program.stmts.size() != 1) return "<error>";
  return ast::dump_expr(p.program, std::get<ast::Print>(p.program.stmts[0].node).value);
}

}  // namespace xp::test
