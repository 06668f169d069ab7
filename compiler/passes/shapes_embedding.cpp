// Token ids: gather(table, ids) — the op under std.models' embedding(ids, vocab, dim):
//   table [V, D] (unbatched: a parameter), ids [T] per example → [T, D] per example.
// The ids must be integers. Tensors carry no element type, so the rule is
// where they come from: a model's input (fed, at `train`, by token data:
// `tokens: true`, `text:`, token_sum) or the batch's x, never a computed
// value (E0331), whose floats would index nothing.
#include <fmt/format.h>

#include "compiler/passes/shape_checker.h"

namespace xp::shapes {

TensorType Checker::gather(Span at, const ast::Call& call, const std::vector<TensorType>& args) {
  if (args.size() != 2) return unknown();  // arity is the kinds pass's
  const TensorType &table = args[0], &ids = args[1];
  if (table.batched || table.shape.size() != 2 || !ids.batched || ids.shape.size() != 1) {
    d_.report(diag::gather_mismatch(at, ir::shape_str(table.shape) + (table.batched ? " per example" : ""),
                                    ir::shape_str(ids.shape) + (ids.batched ? " per example" : "")));
    return unknown();
  }
  ast::ExprId ids_expr = ast::kNoExpr;
  int positional = 0;
  for (const auto& a : call.args)
    if (a.name.empty() && positional++ == 1) ids_expr = a.value;
  if (ids_expr == ast::kNoExpr) return unknown();
  if (!ids_from(ids_expr, {"", table.shape[0], at, ""}, at)) return unknown();
  TensorType out;
  out.batched = true;
  out.shape = {ids.shape[0], table.shape[1]};
  return out;
}

// The ids `fact` needs, given as `arg`: a model input (the fact moves to
// the enclosing model, proved at its own calls), or the batch's x in a
// train loss (the data's token ids, which the table must cover).
bool Checker::ids_from(ast::ExprId arg, const ModelShapes::IdsFact& fact, Span call_at) {
  const Symbol* s = r_.at(arg);
  const Span arg_at = p_.expr(arg).span;
  if (s && s->kind == Symbol::Kind::Input && ctx_ && ctx_->shapes && ctx_->model) {
    ModelShapes::IdsFact moved = fact;
    moved.input = s->name.substr(s->name.rfind('.') + 1);
    if (moved.model.empty()) moved.model = ctx_->shapes->name;
    ctx_->shapes->ids.push_back(std::move(moved));
    return true;
  }
  const bool batch_x = s && s->kind == Symbol::Kind::Batch && s->index == 0;
  if (!batch_x) {
    d_.report(diag::ids_not_integer(arg_at, ""));
    return false;
  }
  if (!ctx_ || !ctx_->train) return true;
  auto it = f_.data.find(ctx_->train->data);
  if (it == f_.data.end() || !it->second.known) return true;  // the loader checks at run time
  const DataFacts& data = it->second;
  if (data.vocab == 0) {
    d_.report(diag::ids_not_integer(call_at, fmt::format("`{}` holds numeric features, not token ids", data.name)));
    return false;
  }
  DimProver::Check c = prover_.check_positive(fact.rows + ir::Dim::of(1 - data.vocab));  // rows ≥ vocab
  if (c.verdict != DimProver::Verdict::Fails) return true;
  const auto rows = fact.rows.eval([&](const std::string& sym) -> std::optional<int64_t> {
    auto p = c.failure.point.find(sym);
    return p == c.failure.point.end() ? std::nullopt : std::optional<int64_t>(p->second);
  });
  Diagnostic d = diag::table_below_vocab(call_at, fact.rows.str(), rows ? *rows : -1, data.name, data.vocab,
                                         c.failure.when);
  if (!fact.model.empty()) d.notes.push_back(fmt::format("the table is read by `gather` in model `{}`", fact.model));
  d_.report(std::move(d));
  return false;
}

bool Checker::is_train_vocab(const Symbol& s) const {
  return s.kind == Symbol::Kind::DimSymbol && s.name == kTrainVocab && ctx_ && ctx_->train && !ctx_->model;
}

// `vocab` in a train loss. Data known at check time gives its value (set in
// the prover by bind_train_dims) or, without token ids, E0333 at each use;
// data known only when it is loaded leaves it to the runtime, which refuses
// a binding the data cannot give (instantiate.cpp, `lookup`).
std::optional<ir::Dim> Checker::train_vocab(Span at) {
  TrainShapes& train = *ctx_->train;
  auto it = f_.data.find(train.data);
  if (it != f_.data.end() && it->second.known && it->second.vocab == 0) {
    if (!ctx_->vocab_refused) d_.report(diag::no_vocabulary(at, train.data, it->second.origin));
    ctx_->vocab_refused = true;
    return std::nullopt;
  }
  train.dim_bindings[kTrainVocab] = kTrainVocab;
  return ir::Dim::sym(kTrainVocab);
}

bool Checker::pass_ids(const ModelShapes& callee, const std::vector<std::optional<ast::ExprId>>& bound,
                       const std::function<ir::Dim(const ir::Dim&)>& subst, Span call_at) {
  for (const auto& f : callee.ids)
    for (size_t k = 0; k < callee.inputs.size() && k < bound.size(); ++k)
      if (callee.inputs[k].name == f.input && bound[k])
        if (!ids_from(*bound[k], {f.input, subst(f.rows), f.at, f.model}, call_at)) return false;
  return true;
}

}  // namespace xp::shapes
