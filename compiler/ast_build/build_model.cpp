// model NAME(INPUTS) -> SHAPE { param / local / hyper / return ... }
#include "compiler/ast_build/builder.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::build {
namespace {

ast::ModelInput input(Builder& b, P::ModelInputContext* ctx) {
  auto ids = ctx->name();
  if (ids.empty()) throw Builder::Abandon{};
  ast::ModelInput in;
  in.name = ids[0]->getText();
  in.name_span = b.span(ids[0]);
  if (auto* shape = ctx->shape()) {
    in.shape = b.shape(shape);
  } else if (ids.size() > 1) {
    in.is_int = ids[1]->getText() == "int";
    if (!in.is_int) b.diags().report(diag::bad_input_type(b.span(ids[1]), ids[1]->getText()));
  }
  return in;
}

ast::ModelItemNode param(Builder& b, P::ParamItemContext* ctx) {
  ast::Param p;
  if (!ctx->name()) throw Builder::Abandon{};
  p.name = ctx->name()->getText();
  p.name_span = b.span(ctx->name());
  if (auto* shape = ctx->shape()) {
    p.shape = b.shape(shape);
    p.shape_span = b.span(shape);
  } else {
    b.diags().report(diag::param_without_shape(p.name_span, p.name));
  }
  if (ctx->op) {
    if (ctx->op->getText() == "=") b.diags().report(diag::param_with_equals(b.span(ctx->op), p.name));
    p.init = b.expr(ctx->expr());
  }
  return p;
}

ast::ModelItemNode item(Builder& b, P::ModelItemContext* ctx) {
  if (auto* c = dynamic_cast<P::ParamItemContext*>(ctx)) return param(b, c);
  if (auto* c = dynamic_cast<P::HyperItemContext*>(ctx)) return b.hyper(c->hyperDecl());
  if (auto* c = dynamic_cast<P::ReturnItemContext*>(ctx)) return ast::Return{b.expr(c->expr())};
  if (auto* c = dynamic_cast<P::AssignItemContext*>(ctx)) {
    std::string op = c->assignOp()->getText();
    ast::ExprId target = b.expr(c->expr(0));
    ast::ExprId value = b.expr(c->expr(1));
    // `h = ...` introduces a local; anything else (`W1 += ...`, `mlp.W = ...`)
    // is an update, kept so the checker can say why it is not allowed.
    if (auto* name = std::get_if<ast::Name>(&b.at(target).node); name && op == "=")
      return ast::Let{name->name, b.at(target).span, value};
    return ast::Assign{target, op, value};
  }
  if (auto* c = dynamic_cast<P::ExprItemContext*>(ctx)) {
    b.diags().report(diag::unused_model_expression(b.span(c)));
    throw Builder::Abandon{};
  }
  throw Builder::Abandon{};
}

}  // namespace

ast::Model Builder::model(P::ModelStmtContext* ctx) {
  ast::Model m;
  if (!ctx->name() || !ctx->block()) throw Abandon{};
  m.name = ctx->name()->getText();
  m.name_span = span(ctx->name());
  if (auto* inputs = ctx->modelInputs())
    for (auto* in : inputs->modelInput()) m.inputs.push_back(input(*this, in));
  if (auto* result = ctx->shape()) {
    m.result = shape(result);
    m.result_span = span(result);
  }
  for (auto* it : ctx->block()->modelItem()) m.items.push_back(ast::ModelItem{span(it), item(*this, it)});
  m.close_span = span(ctx->block()->getStop());
  return m;
}

}  // namespace xp::build
