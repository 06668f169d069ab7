// Expressions. Left-recursive alternatives (binary operators, calls, members,
// indexing) are built iteratively along their left spine, so `a + b + ... + z`
// with 100,000 terms costs no recursion; the token filter already bounds
// bracket and prefix-operator nesting, which is what recursion remains.
#include <charconv>
#include <cmath>

#include "compiler/ast_build/builder.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::build {
namespace {

// The left operand of a left-recursive alternative, or nullptr for leaves.
P::ExprContext* left_operand(P::ExprContext* ctx) {
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) return c->expr();
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) return c->expr();
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::CmpExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return c->expr(0);
  return nullptr;  // `^` is right-associative: its left side is short, its right side recurses
}

ast::BinaryOp binary_op(const std::string& text) {
  static const std::pair<const char*, ast::BinaryOp> table[] = {
      {"+", ast::BinaryOp::Add}, {"-", ast::BinaryOp::Sub}, {"*", ast::BinaryOp::Mul},
      {"/", ast::BinaryOp::Div}, {"^", ast::BinaryOp::Pow}, {"@", ast::BinaryOp::MatMul},
      {"==", ast::BinaryOp::Eq}, {"!=", ast::BinaryOp::Ne}, {"<", ast::BinaryOp::Lt},
      {"<=", ast::BinaryOp::Le}, {">", ast::BinaryOp::Gt}, {">=", ast::BinaryOp::Ge},
      {"and", ast::BinaryOp::And}, {"or", ast::BinaryOp::Or}};
  for (const auto& [t, op] : table)
    if (text == t) return op;
  throw std::logic_error("internal error: this is a bug in exp: unknown operator " + text);
}

// `in_range` is false when the literal overflows or underflows a double.
ast::Number number(const std::string& text, bool& in_range) {
  ast::Number n;
  n.text = text;
  n.is_int = text.find_first_of(".eE") == std::string::npos;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n.value);
  (void)ptr;
  in_range = ec != std::errc::result_out_of_range;
  if (!in_range) n.value = 0;  // reported; any finite value keeps later passes quiet
  return n;
}

}  // namespace

ast::ExprId Builder::expr(P::ExprContext* ctx) {
  if (!ctx) throw Abandon{};
  std::vector<P::ExprContext*> spine;
  P::ExprContext* cur = ctx;
  while (P::ExprContext* left = left_operand(cur)) {
    spine.push_back(cur);
    cur = left;
  }
  ast::ExprId id = leaf(cur);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) id = extend(*it, id);
  return id;
}

ast::ExprId Builder::literal(antlr4::Token* tok) {
  if (tok->getType() == P::NUMBER) {
    bool in_range = true;
    ast::Number n = number(tok->getText(), in_range);
    if (!in_range) diags_.report(diag::number_out_of_range(span(tok), n.text));
    return add(span(tok), std::move(n), 1);
  }
  return add(span(tok), ast::String{unescape(tok)}, 1);
}

std::string Builder::unescape(antlr4::Token* tok) {
  std::string raw = tok->getText();  // with its quotes (the closing one may be missing)
  std::string out;
  Span s = span(tok);
  for (size_t i = 1; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '"') break;
    if (c != '\\' || i + 1 >= raw.size()) { out += c; continue; }
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      default: {
        // Byte offsets inside the token: raw is UTF-8 of the (valid) source text.
        Span at{file_, static_cast<uint32_t>(s.begin + i - 1), static_cast<uint32_t>(s.begin + i + 1)};
        diags_.report(diag::invalid_escape(at, std::string{'\\', e}));
        out += e;
      }
    }
  }
  return out;
}

ast::ExprId Builder::dotted(P::DottedNameContext* ctx) {
  auto ids = ctx->name();
  ast::ExprId id = add(span(ids[0]), ast::Name{ids[0]->getText()}, 1);
  for (size_t i = 1; i < ids.size(); ++i)
    id = add(join(at(id).span, span(ids[i])), ast::Member{id, ids[i]->getText(), span(ids[i])}, depth_of(id) + 1);
  return id;
}

ast::ExprId Builder::leaf(P::ExprContext* ctx) {
  Span s = span(ctx);
  if (auto* c = dynamic_cast<P::NumberExprContext*>(ctx)) return literal(c->NUMBER()->getSymbol());
  if (auto* c = dynamic_cast<P::StringExprContext*>(ctx)) return literal(c->STRING()->getSymbol());
  if (auto* c = dynamic_cast<P::NameExprContext*>(ctx)) return add(s, ast::Name{c->ID()->getText()}, 1);
  if (auto* c = dynamic_cast<P::TrainMetricExprContext*>(ctx)) {
    if (!c->name()) throw Abandon{};
    ast::ExprId base = add(span(c->TRAIN()), ast::Name{"train"}, 1);
    return add(s, ast::Member{base, c->name()->getText(), span(c->name())}, 2);
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) return expr(c->expr());
  if (auto* c = dynamic_cast<P::ListExprContext*>(ctx)) {
    ast::List list;
    uint32_t depth = 0;
    for (auto* e : c->expr()) {
      list.items.push_back(expr(e));
      depth = std::max(depth, depth_of(list.items.back()));
    }
    return add(s, std::move(list), depth + 1);
  }
  if (auto* c = dynamic_cast<P::NegExprContext*>(ctx)) {
    ast::ExprId operand = expr(c->expr());
    // `-0.5` is one literal: spaces, choices and shapes read it as a number.
    if (auto* n = std::get_if<ast::Number>(&at(operand).node); n && n->text.front() != '-') {
      ast::Number neg{-n->value, n->is_int, "-" + n->text};
      prog_.exprs[operand] = ast::Expr{s, std::move(neg)};
      return operand;
    }
    return add(s, ast::Unary{ast::UnaryOp::Neg, operand}, depth_of(operand) + 1);
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    ast::ExprId operand = expr(c->expr());
    return add(s, ast::Unary{ast::UnaryOp::Not, operand}, depth_of(operand) + 1);
  }
  if (auto* c = dynamic_cast<P::PowExprContext*>(ctx)) {
    ast::ExprId lhs = expr(c->expr(0));
    ast::ExprId rhs = expr(c->expr(1));
    return add(s, ast::Binary{ast::BinaryOp::Pow, lhs, rhs}, std::max(depth_of(lhs), depth_of(rhs)) + 1);
  }
  throw Abandon{};  // an alternative left empty by error recovery
}

ast::ExprId Builder::extend(P::ExprContext* ctx, ast::ExprId left) {
  Span s = span(ctx);
  uint32_t depth = depth_of(left) + 1;
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
    if (!c->name()) throw Abandon{};
    return add(s, ast::Member{left, c->name()->getText(), span(c->name())}, depth);
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
    ast::Call call{left, {}};
    const auto& callee = at(left).node;
    if (!std::holds_alternative<ast::Name>(callee) && !std::holds_alternative<ast::Member>(callee))
      diags_.report(diag::call_of_non_name(at(left).span));
    if (auto* args = c->args()) {
      for (auto* a : args->arg()) {
        ast::Arg arg;
        if (a->name()) { arg.name = a->name()->getText(); arg.name_span = span(a->name()); }
        arg.value = expr(a->expr());
        depth = std::max(depth, depth_of(arg.value) + 1);
        call.args.push_back(std::move(arg));
      }
    }
    return add(s, std::move(call), depth);
  }
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
    ast::Index index{left, {}};
    auto exprs = c->expr();
    for (size_t i = 1; i < exprs.size(); ++i) {
      index.indices.push_back(expr(exprs[i]));
      depth = std::max(depth, depth_of(index.indices.back()) + 1);
    }
    return add(s, std::move(index), depth);
  }
  // A binary operator: the operator token sits between the two operands.
  auto* op_token = dynamic_cast<antlr4::tree::TerminalNode*>(ctx->children.size() == 3 ? ctx->children[1] : nullptr);
  if (!op_token) throw Abandon{};
  ast::ExprId rhs = expr(dynamic_cast<P::ExprContext*>(ctx->children[2]));
  ast::BinaryOp op = binary_op(op_token->getText());
  if (auto* cmp = dynamic_cast<P::CmpExprContext*>(ctx); cmp && dynamic_cast<P::CmpExprContext*>(cmp->expr(0)))
    diags_.report(diag::chained_comparison(s));
  return add(s, ast::Binary{op, left, rhs}, std::max(depth, depth_of(rhs) + 1));
}

std::vector<ast::ExprId> Builder::shape(P::ShapeContext* ctx) {
  std::vector<ast::ExprId> dims;
  for (auto* e : ctx->expr()) dims.push_back(expr(e));
  return dims;
}

}  // namespace xp::build
