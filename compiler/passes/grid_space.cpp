#include "compiler/passes/grid_space.h"

#include <optional>
#include <set>

#include <fmt/format.h>

#include "compiler/diags/space.h"
#include "ir/domain_counts.h"
#include "ir/hypers_used.h"

namespace xp {
namespace {

using Kind = ir::HyperDomain::Kind;

const char* space_name(const ir::HyperDomain& d) { return d.kind == Kind::LogUniform ? "loguniform" : "uniform"; }

// The block's `count: N`, when the check can read it (a number or a fixed hyper).
int count_option(const ir::Program& p, const ir::TuneSpec& t) {
  for (const auto& o : t.options)
    if (o.name == "count")
      if (auto v = ir::eval(o.value, fixed_assignment(p.space)); v && v->kind == ir::Value::Kind::Number && v->number >= 0)
        return v->number > 1e9 ? 1000000000 : static_cast<int>(v->number);
  return 0;
}

// The hypers the study of `t` searches, as the runtime builds its space.
std::optional<std::set<std::string>> searched_by(const ir::Program& p, const ir::TuneSpec& t) {
  if (t.model.empty()) {
    if (!t.objective) return std::nullopt;
    return hypers_read(p, *t.objective);
  }
  for (const auto& train : p.trains)
    if (train.model == t.model) return hypers_used(p, train);
  return std::nullopt;
}

void verify_grid(const ir::Program& p, const ir::TuneSpec& t, Diagnostics& diags) {
  auto used = searched_by(p, t);
  if (!used) return;
  const ir::SearchSpace space = space_for(p.space, *used);
  const int count = count_option(p, t);
  const Span method = t.method_span.valid() ? t.method_span : t.span;
  double total = 1;
  bool listable = true;
  for (const auto& d : space.hypers) {
    if (d.kind == Kind::Fixed) continue;
    Span at = d.value_span.valid() ? d.value_span : d.span;
    auto n = ir::grid_value_count(d, count);
    if (!n) {
      diags.report(diag::grid_needs_step(at, d.name, space_name(d), method));
      listable = false;
      continue;
    }
    if (*n > static_cast<double>(ir::kMaxGridPoints)) {
      diags.report(diag::grid_too_large(at, fmt::format("`{}` alone has {:.0f} values", d.name, *n), ir::kMaxGridPoints,
                                        method));
      return;
    }
    if (d.when.empty()) total *= *n;  // a conditional hyper only adds branches
  }
  if (listable && total > static_cast<double>(ir::kMaxGridPoints))
    diags.report(diag::grid_too_large(method, fmt::format("the grid has {:.0f} points", total), ir::kMaxGridPoints, method));
}

}  // namespace

void verify_grid_studies(const ir::Program& program, Diagnostics& diags) {
  for (const auto& t : program.tunes)
    if (t.method == "grid") verify_grid(program, t, diags);
}

}  // namespace xp
