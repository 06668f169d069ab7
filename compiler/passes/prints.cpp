#include "compiler/passes/prints.h"

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/diags/kinds.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

using stdlib::Category;

struct Unprintable {
  Span at;
  std::string what;  // "`mlp.W1` is a parameter"
};

bool scalar_builtin(std::string_view name) {
  return stdlib::find(name, Category::Math) || stdlib::find(name, Category::Constant);
}

std::string symbol_phrase(const Symbol& s) {
  switch (s.kind) {
    case Symbol::Kind::Data: return "a data set";
    case Symbol::Kind::SplitPart: return "a split of a data set";
    case Symbol::Kind::Model: return "a model";
    case Symbol::Kind::Param: return "a learned parameter";
    case Symbol::Kind::DimSymbol: return "a dimension bound by the data";
    case Symbol::Kind::Metric: return "a metric";
    case Symbol::Kind::Builtin: return "a tensor built-in";
    default: return "not a hyperparameter";
  }
}

// The first part of `root` (pre-order) that is not an expression of hypers,
// numbers, strings and scalar math. An explicit stack, as in passes/walk.h
// (hostile nesting), that never descends into a resolved name: `mlp.W1` is
// reported as the parameter it is, not as its base, the model `mlp`.
std::optional<Unprintable> first_unprintable(const ast::Program& p, const Resolution& r, ast::ExprId root) {
  std::vector<ast::ExprId> stack{root};
  while (!stack.empty()) {
    ast::ExprId id = stack.back();
    stack.pop_back();
    const ast::Expr& e = p.expr(id);
    if (std::holds_alternative<ast::Name>(e.node) || std::holds_alternative<ast::Member>(e.node)) {
      const Symbol* s = r.at(id);
      if (!s || s->kind == Symbol::Kind::Hyper) continue;  // unresolved: a bare word such as `sgd`
      if (s->kind == Symbol::Kind::Builtin && scalar_builtin(s->name)) continue;
      return Unprintable{e.span, fmt::format("`{}` is {}", s->name, symbol_phrase(*s))};
    }
    if (auto* u = std::get_if<ast::Unary>(&e.node)) {
      stack.push_back(u->operand);
    } else if (auto* b = std::get_if<ast::Binary>(&e.node)) {
      if (b->op == ast::BinaryOp::MatMul) return Unprintable{e.span, "`@` multiplies tensors"};
      stack.push_back(b->rhs);
      stack.push_back(b->lhs);
    } else if (auto* c = std::get_if<ast::Call>(&e.node)) {
      const Symbol* callee = r.at(c->callee);
      if (callee && callee->kind == Symbol::Kind::Builtin && !scalar_builtin(callee->name))
        return Unprintable{e.span, fmt::format("`{}` works on tensors", callee->name)};
      for (auto it = c->args.rbegin(); it != c->args.rend(); ++it) stack.push_back(it->value);
      stack.push_back(c->callee);
    } else if (std::holds_alternative<ast::Index>(e.node) || std::holds_alternative<ast::List>(e.node)) {
      return Unprintable{e.span, "a tensor is not a number"};
    }
  }
  return std::nullopt;
}

}  // namespace

void check_prints(const ast::Program& program, const Resolution& resolution, Diagnostics& diags) {
  for (const auto& stmt : program.stmts) {
    auto* pr = std::get_if<ast::Print>(&stmt.node);
    if (!pr || std::holds_alternative<ast::String>(program.expr(pr->value).node)) continue;
    if (auto bad = first_unprintable(program, resolution, pr->value)) diags.report(diag::not_printable(bad->at, bad->what));
  }
}

}  // namespace xp
