#include "compiler/passes/call_sites.h"

#include <map>
#include <set>

#include <fmt/format.h>

namespace xp {
namespace {

using namespace ast;

// The children of an expression, left to right.
std::vector<ExprId> children_of(const Expr& e) {
  if (auto* m = std::get_if<Member>(&e.node)) return {m->base};
  if (auto* l = std::get_if<List>(&e.node)) return l->items;
  if (auto* u = std::get_if<Unary>(&e.node)) return {u->operand};
  if (auto* b = std::get_if<Binary>(&e.node)) return {b->lhs, b->rhs};
  if (auto* c = std::get_if<Call>(&e.node)) {
    std::vector<ExprId> out{c->callee};
    for (const auto& a : c->args) out.push_back(a.value);
    return out;
  }
  if (auto* ix = std::get_if<Index>(&e.node)) {
    std::vector<ExprId> out{ix->base};
    out.insert(out.end(), ix->indices.begin(), ix->indices.end());
    return out;
  }
  return {};
}

// Post-order with an explicit stack: hostile nesting cannot overflow it.
template <class F>
void post_order(const Program& p, ExprId root, F&& visit) {
  if (root == kNoExpr) return;
  std::vector<std::pair<ExprId, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [id, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      visit(id, p.expr(id));
      continue;
    }
    stack.push_back({id, true});
    auto kids = children_of(p.expr(id));
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, false});
  }
}

}  // namespace

std::vector<CallSite> call_sites(const Program& p, const Model& m,
                                 const std::function<bool(const std::string&)>& is_model) {
  std::vector<CallSite> sites;
  std::map<std::string, std::vector<size_t>> unnamed;  // callee → its unnamed sites
  std::set<std::string> local_sites;
  for (const auto& item : m.items) {
    ExprId root = kNoExpr;
    const Let* let = std::get_if<Let>(&item.node);
    if (let) root = let->value;
    else if (auto* r = std::get_if<Return>(&item.node)) root = r->value;
    else if (auto* a = std::get_if<Assign>(&item.node)) root = a->value;
    post_order(p, root, [&](ExprId id, const Expr& e) {
      auto* call = std::get_if<Call>(&e.node);
      auto* callee = call ? std::get_if<Name>(&p.expr(call->callee).node) : nullptr;
      if (!callee || !is_model(callee->name)) return;
      if (let && id == let->value) {
        sites.push_back({id, callee->name, let->name, let->name_span});
        local_sites.insert(let->name);
        return;
      }
      unnamed[callee->name].push_back(sites.size());
      sites.push_back({id, callee->name, fmt::format("{}_{}", callee->name, unnamed[callee->name].size()), e.span});
    });
  }
  for (const auto& [callee, at] : unnamed)
    if (at.size() == 1 && !local_sites.count(callee)) sites[at.front()].name = callee;
  return sites;
}

}  // namespace xp
