#include "compiler/passes/target_reach.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "base/diag_builders.h"
#include "ir/hypers_used.h"

namespace xp {
namespace {

// The optimizers whose step is about lr whatever the gradient's size (the
// runtime's list in warn_tiny_steps).
bool adaptive(const std::string& fn) {
  return fn == "adam" || fn == "adamw" || fn == "rmsprop" || fn == "adagrad";
}

// The numbers `e` can take over the search space: its value when fixed, a
// choice's numbers, a range's ends; nullopt when the check cannot tell.
std::optional<std::pair<double, double>> value_range(const ir::Program& p, const ir::HExpr& e) {
  if (auto v = ir::eval(e, fixed_assignment(p.space)))
    return v->kind == ir::Value::Kind::Number ? std::optional(std::pair(v->number, v->number)) : std::nullopt;
  if (e.kind != ir::HExpr::Kind::Hyper) return std::nullopt;
  const ir::HyperDomain* h = p.space.find(e.name);
  if (!h) return std::nullopt;
  if (h->kind == ir::HyperDomain::Kind::Choice) {
    std::optional<std::pair<double, double>> r;
    for (const auto& c : h->choices) {
      if (c.kind != ir::Value::Kind::Number) return std::nullopt;
      r = r ? std::pair(std::min(r->first, c.number), std::max(r->second, c.number)) : std::pair(c.number, c.number);
    }
    return r;
  }
  return std::pair(h->low, h->high);
}

const ir::HExpr* learning_rate(const ir::CallSpec& opt) {
  for (const auto& a : opt.args)
    if (a.name == "lr") return &a.value;
  for (const auto& a : opt.args)
    if (a.name.empty()) return &a.value;  // the first positional argument
  return nullptr;
}

bool target_scaled(const ir::DataSpec& d) {
  for (const auto& pre : d.preprocess)
    if ((pre.op == "standardize" || pre.op == "minmax") && pre.column.empty()) return true;
  return false;
}

}  // namespace

void verify_target_reach(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags) {
  for (const auto& t : p.trains) {
    const ir::DataSpec* spec = p.find_data(t.data);
    auto facts = data.find(t.data);
    if (!spec || facts == data.end() || !facts->second.known || facts->second.classification) continue;
    const DataFacts& f = facts->second;
    if (f.target_size_at_least <= 0 || f.rows <= 0 || target_scaled(*spec) || !t.optimizer.fn_hyper.empty() ||
        !adaptive(t.optimizer.fn))
      continue;
    const ir::HExpr* lr_expr = learning_rate(t.optimizer);
    auto lr = lr_expr ? value_range(p, *lr_expr) : std::optional(std::pair(0.001, 0.001));  // adam's default
    auto epochs = value_range(p, t.epochs), batch = value_range(p, t.batch);
    if (!lr || !epochs || !batch || !(lr->second > 0) || !(batch->first >= 1)) continue;
    const double needed = f.target_size_at_least / lr->second;
    const double rows = static_cast<double>(f.rows);
    const double most_steps = epochs->second * std::ceil(rows / std::min(batch->first, rows));
    if (needed <= most_steps) continue;
    const bool searched = lr->first != lr->second;
    std::string optimizer = searched ? fmt::format("{}(lr up to {:g})", t.optimizer.fn, lr->second)
                                     : fmt::format("{}({:g})", t.optimizer.fn, lr->second);
    // The default optimizer has no place of its own: the train block's.
    const Span at = t.optimizer.span.valid() ? t.optimizer.span : t.span;
    auto d = diag::warning("W0901", at,
                     fmt::format("every value of the target `{}` is at least {:.2g} from 0, but {} moves each "
                                 "weight by about {:g} per step: reaching it takes ~{:.2g} steps and this training "
                                 "makes at most {:.0f}",
                                 f.target_at_least_name, f.target_size_at_least, optimizer, lr->second, needed,
                                 most_steps),
                     "too small a step for the target");
    d.help = fmt::format("add `standardize {}` (the target is then scaled for training and reported in its own "
                         "units), or raise the learning rate",
                         spec->name);
    diags.report(std::move(d));
  }
}

}  // namespace xp
