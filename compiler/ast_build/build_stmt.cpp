// Top-level statements (one per parsed line).
#include <charconv>

#include "compiler/ast_build/builder.h"
#include "compiler/parse/syntax_errors.h"
#include "stdlib/builtins.h"

namespace xp::build {
namespace {

template <class T>
T* as(P::StatementContext* ctx) { return dynamic_cast<T*>(ctx); }

std::string text_of(P::NameContext* node) {
  if (!node) throw Builder::Abandon{};
  return node->getText();
}

}  // namespace

ast::Hyper Builder::hyper(P::HyperDeclContext* ctx) {
  ast::Hyper h;
  h.name = text_of(ctx->name());
  h.name_span = span(ctx->name());
  if (!ctx->op) throw Abandon{};
  h.searched = ctx->op->getText() == "~";
  auto exprs = ctx->expr();
  if (exprs.empty()) throw Abandon{};
  h.value = expr(exprs[0]);
  if (exprs.size() > 1) h.condition = expr(exprs[1]);
  // Error productions: a fixed value drawn with `~`, a space fixed with `=`.
  const ast::Expr& value = at(h.value);
  if (h.searched && !std::holds_alternative<ast::Call>(value.node)) {
    diags_.report(diag::fixed_value_with_tilde(span(ctx->op), h.name, source(value.span)));
  } else if (auto* call = std::get_if<ast::Call>(&value.node); call && !h.searched) {
    if (auto* callee = std::get_if<ast::Name>(&at(call->callee).node);
        callee && stdlib::find(callee->name, stdlib::Category::Space))
      diags_.report(diag::space_with_equals(span(ctx->op), h.name, callee->name));
  }
  return h;
}

std::optional<ast::StmtNode> Builder::statement(P::StatementContext* ctx) {
  if (auto* c = as<P::SeedStmtContext>(ctx)) {
    ast::ExprId value = expr(c->expr());
    ast::Seed seed{0, at(value).span};
    const auto* n = std::get_if<ast::Number>(&at(value).node);
    auto parsed = n && n->is_int ? std::from_chars(n->text.data(), n->text.data() + n->text.size(), seed.value)
                                 : std::from_chars_result{nullptr, std::errc::invalid_argument};
    if (parsed.ec != std::errc{} || seed.value < 0) {
      diags_.report(diag::seed_not_integer(seed.value_span));
      throw Abandon{};
    }
    return seed;
  }
  if (auto* c = as<P::ImportStmtContext>(ctx)) {
    if (auto* d = c->dottedName()) return ast::Import{d->getText(), false, span(d)};
    return ast::Import{unescape(c->STRING()->getSymbol()), true, span(c->STRING())};
  }
  if (auto* c = as<P::DataStmtContext>(ctx))
    return ast::Data{text_of(c->name()), span(c->name()), expr(c->expr())};
  if (auto* c = as<P::SplitStmtContext>(ctx))
    return ast::Split{text_of(c->name()), span(c->name()), options(c->argBlock())};
  if (auto* c = as<P::PreprocessStmtContext>(ctx))
    return ast::Preprocess{c->ID()->getText(), span(c->ID()), dotted(c->dottedName())};
  if (auto* c = as<P::HyperStmtContext>(ctx)) return hyper(c->hyperDecl());
  if (auto* c = as<P::ModelStmtContext>(ctx)) return model(c);
  if (auto* c = as<P::TrainStmtContext>(ctx))
    return ast::Train{text_of(c->name()), span(c->name()), expr(c->expr()), items(c->itemBlock())};
  if (auto* c = as<P::TuneStmtContext>(ctx)) {
    ast::Tune tune;
    if (c->name()) { tune.model = c->name()->getText(); tune.model_span = span(c->name()); }
    tune.items = items(c->itemBlock());
    return tune;
  }
  if (auto* c = as<P::ReportStmtContext>(ctx))
    return ast::Report{text_of(c->name()), span(c->name()), items(c->itemBlock())};
  if (auto* c = as<P::EvaluateStmtContext>(ctx))
    return ast::Evaluate{text_of(c->name()), span(c->name()), c->expr() ? expr(c->expr()) : ast::kNoExpr};
  if (auto* c = as<P::SaveStmtContext>(ctx))
    return ast::Save{text_of(c->name()), span(c->name()), expr(c->expr())};
  if (auto* c = as<P::PrintStmtContext>(ctx)) return ast::Print{expr(c->expr())};
  if (auto* c = as<P::TopAssignStmtContext>(ctx)) {
    // Error production: `lr = 0.1` at the top level (a forgotten `hyper`).
    auto* target = dynamic_cast<P::NameExprContext*>(c->expr(0));
    bool plain = target && c->assignOp()->getText() == "=";
    diags_.report(diag::top_level_assignment(span(ctx), plain ? target->getText() : source(span(c->expr(0))), plain));
    throw Abandon{};
  }
  if (auto* c = as<P::ExprStmtContext>(ctx)) return ast::ExprStmt{expr(c->expr())};
  throw Abandon{};
}

}  // namespace xp::build
