#include "compiler/ast_build/builder.h"

#include "compiler/parse/error_strategy.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::build {

Span Builder::span(antlr4::Token* tok) const { return parse::token_span(*tok, file_, text_); }

Span Builder::span(antlr4::ParserRuleContext* ctx) const {
  Span first = span(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {file_, first.begin, first.begin};
  return join(first, span(stop));
}

std::string_view Builder::source(Span s) const {
  // Spans index the original bytes; text_.utf8 may differ only where bytes were invalid.
  std::string_view all = text_.utf8;
  if (text_.first_invalid_byte || s.end > all.size()) return {};
  return all.substr(s.begin, s.end - s.begin);
}

ast::ExprId Builder::add(Span span, ast::ExprNode node, uint32_t depth) {
  if (depth > kMaxExprDepth) {
    diags_.report(diag::expression_too_deep(span, kMaxExprDepth));
    throw Abandon{};
  }
  depth_.resize(prog_.exprs.size() - depth_base_ + 1);
  depth_.back() = depth;
  return prog_.add(span, std::move(node));
}

void Builder::line(P::LineContext* ctx) {
  auto* stmt = ctx->statement();
  if (!stmt) return;
  size_t exprs_before = prog_.exprs.size();
  try {
    if (auto node = statement(stmt)) prog_.stmts.push_back(ast::Stmt{span(stmt), std::move(*node)});
  } catch (const Abandon&) {
    prog_.exprs.resize(exprs_before);  // drop what the broken statement left in the arena
    depth_.resize(exprs_before - depth_base_);
  }
}

}  // namespace xp::build
