// Items of train / tune / report blocks, and the options of `split`.
#include "compiler/ast_build/builder.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::build {
namespace {

// `stop_early`, `lr.schedule` — the callee of a call item, as a key.
std::string callee_key(Builder& b, ast::ExprId id) {
  const auto& node = b.at(id).node;
  if (auto* n = std::get_if<ast::Name>(&node)) return n->name;
  if (auto* m = std::get_if<ast::Member>(&node)) return callee_key(b, m->base) + "." + m->member;
  return "";
}

ast::BlockItem item(Builder& b, P::BlockItemContext* ctx) {
  ast::BlockItem item;
  item.span = b.span(ctx);
  if (auto* c = dynamic_cast<P::SettingItemContext*>(ctx)) {
    item.kind = ast::BlockItem::Kind::Setting;
    item.key = c->name()->getText();
    item.key_span = b.span(c->name());
    item.values.push_back(b.expr(c->expr()));
  } else if (auto* c = dynamic_cast<P::ColonItemContext*>(ctx)) {
    item.kind = ast::BlockItem::Kind::Colon;
    item.key = c->name()->getText();
    item.key_span = b.span(c->name());
    for (auto* e : c->expr()) item.values.push_back(b.expr(e));
  } else if (auto* c = dynamic_cast<P::CommandItemContext*>(ctx)) {
    item.kind = ast::BlockItem::Kind::Command;
    item.key = c->name()->getText();
    item.key_span = b.span(c->name());
    if (auto* s = c->STRING()) item.values.push_back(b.literal(s->getSymbol()));
    if (auto* n = c->NUMBER()) item.values.push_back(b.literal(n->getSymbol()));
  } else if (auto* c = dynamic_cast<P::CallItemContext*>(ctx)) {
    ast::ExprId value = b.expr(c->expr());
    auto* call = std::get_if<ast::Call>(&b.at(value).node);
    if (!call) {
      b.diags().report(diag::block_item_not_setting(item.span));
      throw Builder::Abandon{};
    }
    item.kind = ast::BlockItem::Kind::Command;
    item.key = callee_key(b, call->callee);
    item.key_span = b.at(call->callee).span;
    item.values.push_back(value);
  } else {
    throw Builder::Abandon{};
  }
  return item;
}

}  // namespace

std::vector<ast::BlockItem> Builder::items(P::ItemBlockContext* ctx) {
  if (!ctx) throw Abandon{};
  std::vector<ast::BlockItem> out;
  for (auto* it : ctx->blockItem()) out.push_back(item(*this, it));
  return out;
}

std::vector<ast::Arg> Builder::options(P::ArgBlockContext* ctx) {
  if (!ctx) throw Abandon{};
  std::vector<ast::Arg> out;
  for (auto* a : ctx->namedArg()) out.push_back(ast::Arg{a->name()->getText(), span(a->name()), expr(a->expr())});
  return out;
}

}  // namespace xp::build
