// resolve_train_settings: a TrainSpec's hyper expressions → concrete numbers.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/optim/optimizer.h"
#include "runtime/core/run_errors.h"
#include "runtime/train/train.h"

namespace xp::rt {
namespace {

constexpr double kMaxTrainCount = 1e9;  // epochs and batch; the checker's bound for literals too

std::optional<int64_t> positive_int(const ir::HExpr& e, const ir::Assignment& hypers, const char* what, Span span,
                                    Diagnostics& diags) {
  auto v = ir::eval(e, hypers);
  Span at = e.span.valid() ? e.span : span;
  if (!v || v->kind != ir::Value::Kind::Number || !std::isfinite(v->number) || v->number < 1 ||
      v->number != std::floor(v->number)) {
    std::string got = v ? v->str() : "nothing";
    diags.report(run_diag::bad_setting(fmt::format("`{}` must be a whole number ≥ 1, but it is {}", what, got), at,
                                       fmt::format("set `{}` to a positive integer (or a hyper drawn from int(…))", what)));
    return std::nullopt;
  }
  if (v->number > kMaxTrainCount) {  // whole and positive, but too large to count in
    diags.report(run_diag::bad_setting(fmt::format("`{}` must be at most 1e9, but it is {}", what, v->str()),
                                       at, fmt::format("set `{}` to at most 1e9", what)));
    return std::nullopt;
  }
  return static_cast<int64_t>(v->number);
}

// The optimizer, schedule and clip of `spec`: built-in calls whose
// arguments are checked by building them once (E0702 through GraphError).
bool resolve_update_rule(const ir::TrainSpec& spec, const ir::Assignment& hypers, TrainSettings& s, Diagnostics& diags) {
  bool ok = true;
  try {
    s.optimizer = evaluate_call(spec.optimizer, hypers);
    make_optimizer(s.optimizer, 0);  // validates every argument; the model's own is built with its parameters
    std::optional<CallArgs> schedule;
    if (spec.schedule) schedule = evaluate_call(*spec.schedule, hypers);
    s.schedule = Schedule::make(schedule);
  } catch (const GraphError& e) {
    diags.report(e.to_diagnostic());
    ok = false;
  }
  if (!spec.clip) return ok;
  auto c = ir::eval(*spec.clip, hypers);
  if (!c || c->kind != ir::Value::Kind::Number || !std::isfinite(c->number) || c->number < 0) {
    diags.report(run_diag::bad_setting(fmt::format("`clip` must be a number ≥ 0, but it is {}", c ? c->str() : "nothing"),
                                       spec.clip->span.valid() ? spec.clip->span : spec.span,
                                       "set `clip` to the largest global gradient norm to allow (0: no clipping)"));
    return false;
  }
  s.clip = static_cast<float>(c->number);
  return ok;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  if (!name.empty() && std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// "val.accuracy" → "accuracy"; "val.loss" and non-val monitors → "".
std::string val_metric_of(const std::string& key) {
  if (key.rfind("val.", 0) != 0) return "";
  std::string m = key.substr(4);
  return m == "loss" ? "" : m;
}

}  // namespace

std::optional<TrainSettings> resolve_train_settings(const ir::TrainSpec& spec, const ir::Assignment& hypers, Task task,
                                                    const std::vector<std::string>& extra_metrics, bool has_val,
                                                    Diagnostics& diags) {
  TrainSettings s;
  s.task = task;
  auto epochs = positive_int(spec.epochs, hypers, "epochs", spec.span, diags);
  auto batch = positive_int(spec.batch, hypers, "batch", spec.span, diags);
  const bool rule = resolve_update_rule(spec, hypers, s, diags);
  if (!epochs || !batch || !rule) return std::nullopt;
  s.epochs = static_cast<int>(*epochs);
  s.batch = *batch;
  s.stop = spec.stop;

  if (task == Task::Classification) add_unique(s.metrics, "accuracy");
  for (const auto& m : spec.metrics) add_unique(s.metrics, m);
  for (const auto& m : extra_metrics) add_unique(s.metrics, val_metric_of(m));
  if (s.stop.enabled) {
    const std::string& mon = s.stop.monitor;
    bool known = mon == "train.loss" || (has_val && mon.rfind("val.", 0) == 0);
    if (!known) {
      diags.report(run_diag::bad_monitor(mon, s.stop.span.valid() ? s.stop.span : spec.span,
                                         has_val ? "monitor val.loss, val.<metric> or train.loss"
                                                 : "the split has no validation part: give it `val:` or monitor train.loss"));
      return std::nullopt;
    }
    add_unique(s.metrics, val_metric_of(mon));
  }
  return s;
}

int fixed_epochs(const ir::TrainSpec& spec, const ir::Assignment& fixed) {
  Diagnostics ignored;  // a searched or bad value: no fixed resource (trials report the error)
  auto epochs = positive_int(spec.epochs, fixed, "epochs", spec.span, ignored);
  return epochs ? static_cast<int>(*epochs) : 0;
}

}  // namespace xp::rt
