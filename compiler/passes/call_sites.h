#pragma once
// How each call of a model inside another model is named — the name its
// parameters live under (`net.layer1.W`, `net.dense.W`, `net.dense_2.W`).
// The resolver needs the names to resolve `l2(net.dense_1.W)` in a loss, the
// shape pass records them for lowering: both read this one rule.
#include <functional>
#include <string>
#include <vector>

#include "compiler/ast.h"

namespace xp {

struct CallSite {
  ast::ExprId call = ast::kNoExpr;
  std::string callee;
  std::string name;  // the site: a local's name, the callee's, or callee_k
  Span span;         // the call, or the local it is assigned to
};

// Every call of a model (`is_model(name)`) in `m`'s body, in evaluation
// order (items in order; in an expression, arguments before the call, left
// to right). A call that is the whole value of a local takes the local's
// name; the others take the callee's name — numbered `callee_1`,
// `callee_2`, … when the callee is called so more than once or a local
// already holds its name.
std::vector<CallSite> call_sites(const ast::Program& p, const ast::Model& m,
                                 const std::function<bool(const std::string&)>& is_model);

}  // namespace xp
