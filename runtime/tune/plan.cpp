#include "runtime/tune/plan.h"

#include <algorithm>

#include "runtime/tune/options.h"

namespace xp::rt {
namespace {

void error_at(Diagnostics& diags, Span span, std::string message, std::string help = "") {
  Diagnostic d;
  d.code = "E1004";
  d.message = std::move(message);
  d.span = span;
  d.help = std::move(help);
  diags.report(std::move(d));
}

// The pruner named by `prune = ...` (or implied by the method).
bool plan_pruner(const std::string& kind, const std::vector<ir::NamedHExpr>& args, Span span, const ir::TuneSpec& spec,
                 int batch, int default_max_resource, StudyPlan& plan, Diagnostics& diags) {
  if (!kind.empty() && !stdlib::find(kind, stdlib::Category::Pruner)) {  // only what the registry declares
    error_at(diags, span, "unknown pruner `" + kind + "`", "use median, asha, sha, hyperband or none");
    return false;
  }
  OptionReader opt(args, kind, diags);
  // Option `name` of this pruner, as its registry entry declares it.
  auto read = [&](const char* name) { return opt.value(stdlib::declared(kind, stdlib::Category::Pruner, name)); };
  if (kind == "median") {
    MedianSettings s;
    s.maximize = spec.maximize;
    s.batch = batch;
    if (auto w = read("warmup")) s.warmup = static_cast<int>(*w);
    if (auto v = read("startup")) s.startup = static_cast<int>(*v);
    if (auto v = read("interval")) s.interval = static_cast<int>(*v);
    plan.pruner = make_median_pruner(s);
    plan.describe += ", pruned by median(warmup: " + std::to_string(s.warmup) + ", startup: " + std::to_string(s.startup) + ")";
  } else if (kind == "asha") {
    AshaSettings s;
    s.maximize = spec.maximize;
    s.batch = batch;
    if (auto v = read("min")) s.min_resource = static_cast<int>(*v);
    if (auto v = read("eta")) s.reduction = static_cast<int>(*v);
    s.max_resource = default_max_resource;
    if (auto v = read("max")) s.max_resource = static_cast<int>(*v);
    plan.pruner = make_asha_pruner(s);
    plan.describe += ", pruned by asha(min: " + std::to_string(s.min_resource) + ", eta: " + std::to_string(s.reduction) + ")";
  } else if (kind == "sha" || kind == "hyperband") {
    HyperbandSettings h;
    h.maximize = spec.maximize;
    h.max_resource = default_max_resource;
    if (auto v = read("min")) h.min_resource = static_cast<int>(*v);
    if (auto v = read("max")) h.max_resource = static_cast<int>(*v);
    if (auto v = read("eta")) h.reduction = static_cast<int>(*v);
    if (h.max_resource <= 0) {
      error_at(diags, span, kind + " needs the largest number of epochs a trial may use",
               "write `" + kind + "(max: 81)`, or give the trained model a fixed number of epochs");
      return false;
    }
    if (h.min_resource > h.max_resource) {
      error_at(diags, span,
               kind + ": `min` (" + std::to_string(h.min_resource) + ") exceeds `max` (" +
                   std::to_string(h.max_resource) + ")",
               "`min` is the epochs every trial gets and `max` the most any trial gets (by default the train "
               "block's `epochs`); make min at most max");
      return false;
    }
    // Pruners, not schedulers: a configuration is one trial trained up to
    // `max` epochs unless a rung stops it (pruner_asha.cpp).
    if (kind == "sha") {
      AshaSettings s;
      s.min_resource = h.min_resource;
      s.max_resource = h.max_resource;
      s.reduction = h.reduction;
      s.maximize = h.maximize;
      s.batch = batch;
      plan.pruner = make_sha_pruner(s);
    } else {
      plan.pruner = make_hyperband_pruner(h, batch);
    }
    plan.describe += ", pruned by " + kind + "(min: " + std::to_string(h.min_resource) + ", max: " +
                     std::to_string(h.max_resource) + ", eta: " + std::to_string(h.reduction) + ")";
  } else if (kind == "none" || kind.empty()) {
    return true;
  } else {
    error_at(diags, span, "unknown pruner `" + kind + "`", "use median, asha, sha, hyperband or none");
    return false;
  }
  opt.warn_unused();
  return opt.ok();
}

}  // namespace

std::unique_ptr<Sampler> make_sampler(const ir::SearchSpace& space, const SamplerSettings& s, Diagnostics& diags,
                                      Span at) {
  const bool in_registry = stdlib::find(s.method, stdlib::Category::Method) != nullptr;  // only what the registry declares
  if (in_registry && s.method == "random") return make_random_sampler(space);
  if (in_registry && s.method == "sobol") return make_sobol_sampler(space, s.study_seed);
  if (in_registry && s.method == "tpe") return make_tpe_sampler(space, s);
  if (in_registry && s.method == "grid") {
    std::string error, help;
    auto grid = make_grid_sampler(space, s.study_seed, s.grid_count, error, help);
    if (!grid) error_at(diags, at, error, help);
    return grid;
  }
  error_at(diags, at, "unknown tuning method `" + s.method + "`", "use grid, random, sobol, tpe, hyperband, sha or asha");
  return nullptr;
}

std::optional<StudyPlan> plan_study(const ir::SearchSpace& space, const ir::TuneSpec& spec, uint64_t seed,
                                    int default_max_resource, Diagnostics& diags) {
  const size_t errors = diags.error_count();
  OptionReader opt(spec.options, "tune", diags);
  StudyPlan plan;
  SamplerSettings s;
  s.method = spec.method;
  s.maximize = spec.maximize;
  s.study_seed = seed;
  // The sampler options, as stdlib::tune_options() declares them (defaults, bounds).
  auto read = [&](const char* name) { return opt.value(stdlib::declared(stdlib::tune_options(), name)); };
  if (auto v = read("batch")) s.batch = static_cast<int>(*v);
  if (auto v = read("startup")) s.startup = static_cast<int>(*v);
  if (auto v = read("candidates")) s.candidates = static_cast<int>(*v);
  if (auto v = read("multivariate")) s.multivariate = *v != 0;
  if (auto v = read("gamma")) s.gamma = *v;
  if (auto v = read("count")) s.grid_count = static_cast<int>(*v);
  if (auto v = read("trial_timeout")) plan.trial_timeout_seconds = *v;
  opt.warn_unused();
  plan.batch = s.batch;

  std::string pruner_kind = spec.prune ? spec.prune->fn : "";
  std::vector<ir::NamedHExpr> pruner_args = spec.prune ? spec.prune->args : std::vector<ir::NamedHExpr>{};
  Span pruner_span = spec.prune ? spec.prune->span : spec.span;
  // The multi-fidelity methods search with random proposals under their pruner.
  if (spec.method == "asha" || spec.method == "hyperband" || spec.method == "sha") {
    s.method = "random";
    if (pruner_kind.empty()) pruner_kind = spec.method;
  }
  plan.sampler = make_sampler(space, s, diags, spec.span);
  if (!plan.sampler) return std::nullopt;
  plan.describe = plan.sampler->name();
  if (!plan_pruner(pruner_kind, pruner_args, pruner_span, spec, s.batch, default_max_resource, plan, diags))
    return std::nullopt;
  if (diags.error_count() > errors) return std::nullopt;
  return plan;
}

}  // namespace xp::rt
