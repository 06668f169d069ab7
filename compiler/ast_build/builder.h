#pragma once
// The parse tree → AST builder, split by node family (build_expr.cpp,
// build_stmt.cpp, build_model.cpp, build_block.cpp). Internal to the parse
// stage: the only place besides compiler/parse/ that sees ANTLR types.
#include <cstdint>
#include <vector>

#include "ExpParser.h"
#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/parse/source_text.h"

namespace xp::build {

using P = xpgen::ExpParser;

// The longest operator chain one expression may hold (`a + b + ... + z` is
// as deep as it is long, and every later pass walks it recursively).
inline constexpr size_t kMaxExprDepth = 1000;

class Builder {
 public:
  Builder(ast::Program& program, Diagnostics& diags, uint32_t file, const parse::DecodedText& text)
      : prog_(program), diags_(diags), file_(file), text_(text), depth_base_(program.exprs.size()) {}

  // Adds the statement of one parsed line (if any) to the program.
  void line(P::LineContext* ctx);

  // ---- used across the build_*.cpp files --------------------------------------------
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::Token* tok) const;
  Span span(antlr4::tree::TerminalNode* node) const { return span(node->getSymbol()); }
  Span join(Span a, Span b) const { return {file_, std::min(a.begin, b.begin), std::max(a.end, b.end)}; }
  std::string_view source(Span s) const;
  Diagnostics& diags() { return diags_; }
  ast::Program& program() { return prog_; }
  const ast::Expr& at(ast::ExprId id) const { return prog_.exprs[id]; }

  ast::ExprId expr(P::ExprContext* ctx);
  ast::ExprId literal(antlr4::Token* tok);                     // NUMBER or STRING token
  ast::ExprId dotted(P::DottedNameContext* ctx);               // iris.col as Name / Member
  std::vector<ast::ExprId> shape(P::ShapeContext* ctx);
  ast::Hyper hyper(P::HyperDeclContext* ctx);
  ast::Model model(P::ModelStmtContext* ctx);
  std::vector<ast::BlockItem> items(P::ItemBlockContext* ctx);
  std::vector<ast::Arg> options(P::ArgBlockContext* ctx);
  std::string unescape(antlr4::Token* tok);

  // A statement that cannot be built (a reported error): unwinds to line().
  struct Abandon {};

 private:
  std::optional<ast::StmtNode> statement(P::StatementContext* ctx);
  ast::ExprId leaf(P::ExprContext* ctx);
  ast::ExprId extend(P::ExprContext* ctx, ast::ExprId left);
  ast::ExprId add(Span span, ast::ExprNode node, uint32_t depth);
  uint32_t depth_of(ast::ExprId id) const {
    return id >= depth_base_ && id - depth_base_ < depth_.size() ? depth_[id - depth_base_] : 0;
  }

  ast::Program& prog_;
  Diagnostics& diags_;
  uint32_t file_;
  const parse::DecodedText& text_;
  std::vector<uint32_t> depth_;   // per expression built here: height of its tree
  size_t depth_base_;             // arena size when this builder started
};

}  // namespace xp::build
