// Calls of models: callee(args) binds the callee's integer inputs to sizes
// and its free dims to the arguments' dimensions, checks the rest (E0313),
// proves the facts the callee kept over its generic sizes with this call's
// sizes (shapes_deferred.cpp), and gives the result in the caller's symbols.
// Free dims no argument binds (a result-only C) keep their name: they are
// bound by the data of whatever trains the caller.
#include <algorithm>

#include <fmt/format.h>

#include "base/plural.h"
#include "compiler/passes/shape_checker.h"

namespace xp::shapes {

// A callee's size in the caller's symbols, through the call's binding.
static ir::Dim through_binding(const CallFacts& facts, const ir::Dim& d) {
  return d.substitute([&](const std::string& s) -> std::optional<ir::Dim> {
    auto it = facts.binding.find(s);
    return it == facts.binding.end() ? std::nullopt : std::optional<ir::Dim>(it->second);
  });
}

// Each input of the callee → the argument given for it (positional, then by
// name). nullopt after a diagnostic.
std::optional<std::vector<std::optional<ast::ExprId>>> Checker::call_arguments(const ast::Call& call,
                                                                               const ModelShapes& m, Span at) {
  const ast::Model* decl = model_decls_.at(m.name);
  std::vector<std::optional<ast::ExprId>> bound(m.inputs.size());
  size_t next = 0;
  for (const auto& arg : call.args) {
    size_t k = next;
    if (!arg.name.empty()) {
      k = m.inputs.size();
      for (size_t i = 0; i < m.inputs.size(); ++i)
        if (m.inputs[i].name == arg.name) k = i;
      if (k == m.inputs.size()) {
        d_.report(diag::model_call_mismatch(arg.name_span, m.name, fmt::format("it has no input `{}`", arg.name), "",
                                            decl->name_span));
        return std::nullopt;
      }
    } else {
      ++next;
    }
    if (k >= m.inputs.size()) {
      d_.report(diag::model_call_mismatch(
          at, m.name, "it takes " + diag::count_of(static_cast<long long>(m.inputs.size()), "input", "inputs"), "",
          decl->name_span));
      return std::nullopt;
    }
    bound[k] = arg.value;
  }
  for (size_t i = 0; i < m.inputs.size(); ++i)
    if (!bound[i]) {
      d_.report(diag::model_call_mismatch(at, m.name, fmt::format("input `{}` is missing", m.inputs[i].name), "",
                                          decl->name_span));
      return std::nullopt;
    }
  return bound;
}

// The callee's integer inputs take the sizes given (each at least 1).
bool Checker::bind_int_inputs(const ModelShapes& m, const std::vector<std::optional<ast::ExprId>>& bound,
                              CallFacts& facts) {
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    if (!m.inputs[i].is_int) continue;
    auto d = dim_of(*bound[i]);
    if (!d) return false;
    require_positive(*d, p_.expr(*bound[i]).span);
    facts.binding[m.inputs[i].name] = *d;
    facts.dim_args.push_back(*d);
  }
  return true;
}

// The callee's tensor inputs against the arguments: a lone free dim takes
// the argument's size, any other must equal it. Sets `batched` when an
// argument is per example; false after a diagnostic (or an unknown argument).
bool Checker::bind_tensor_inputs(const ModelShapes& m, const std::vector<std::optional<ast::ExprId>>& bound,
                                 CallFacts& facts, bool& batched) {
  const ast::Model* decl = model_decls_.at(m.name);
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.is_int) continue;
    const TensorType& arg = type_of(*bound[i]);
    if (!arg.known) return false;
    batched |= arg.batched;
    const Span arg_at = p_.expr(*bound[i]).span;
    auto mismatch = [&](const std::string& when) {
      d_.report(diag::model_call_mismatch(arg_at, m.name,
                                          fmt::format("input `{}` is {} but the argument is {}", in.name,
                                                      ir::shape_str(in.shape), ir::shape_str(arg.shape)),
                                          when, decl->name_span));
      return false;
    };
    if (arg.shape.size() != in.shape.size()) return mismatch("");
    for (size_t k = 0; k < in.shape.size(); ++k) {
      const ir::Dim& want = in.shape[k];
      const std::string lone = want.lone_symbol();
      const bool lone_free = !lone.empty() && !facts.binding.count(lone) &&
                             std::find(m.free_dims.begin(), m.free_dims.end(), lone) != m.free_dims.end();
      if (lone_free) {
        facts.binding[lone] = arg.shape[k];
        continue;
      }
      if (auto fail = prover_.equal(through_binding(facts, want), arg.shape[k])) return mismatch(when_text(*fail));
    }
  }
  return true;
}

TensorType Checker::model_call(ast::ExprId id, const ast::Call& call, const std::string& callee) {
  const Span at = p_.expr(id).span;
  const ModelShapes* m = ensure_model(callee, at);
  if (!m) return unknown();
  auto bound = call_arguments(call, *m, at);
  if (!bound) return unknown();
  CallFacts facts;
  facts.callee = callee;
  bool batched = false;
  if (!bind_int_inputs(*m, *bound, facts) || !bind_tensor_inputs(*m, *bound, facts, batched)) return unknown();
  auto subst = [&](const ir::Dim& d) { return through_binding(facts, d); };
  // (The trained model's own facts are proved once by check_train, where they entered it.)
  const bool trained_here = ctx_ && ctx_->train && ctx_->train->model == callee;
  if (!trained_here && !prove_callee_facts(*m, subst, at)) return unknown();
  if (!pass_ids(*m, *bound, subst, at)) return unknown();
  TensorType result;
  result.batched = batched;
  for (const auto& d : m->result) result.shape.push_back(subst(d));
  if (ctx_ && ctx_->model) {
    auto site = ctx_->site_names.find(id);
    facts.site = site != ctx_->site_names.end() ? site->second : callee;
    ctx_->shapes->sites[facts.site] = facts;
  }
  f_.calls[id] = std::move(facts);
  return result;
}

}  // namespace xp::shapes
