// `tune` blocks → ir::TuneSpec. A model's tune names a metric to maximize or
// minimize (val.accuracy, cv.f1); a black-box tune (`tune { ... }`) gives an
// expression of hypers. Settings the tuner does not name in ir::TuneSpec
// (startup:, gamma:, ...) are passed through as options.
#include "compiler/lower/parts.h"
#include "base/saturate.h"

namespace xp::lowering {

ir::TuneSpec tune_spec(const Input& in, const ast::Tune& t) {
  ir::TuneSpec s;
  s.model = t.model;
  bool direction_given = false;
  for (const auto& item : t.items) {
    if (item.values.empty()) {
      if (item.key == "refit") s.refit_on_train_val = true;
      continue;
    }
    ast::ExprId v = item.values.front();
    auto value = ir::eval(lower_hexpr(in.p, in.r, v), {});
    double x = value && value->kind == ir::Value::Kind::Number ? value->number : 0;
    if (item.key == "method") {
      s.method = metric_text(in, v);
      s.method_span = in.p.expr(v).span;
    }
    else if (item.key == "trials") s.trials = saturating_cast<int>(x);
    else if (item.key == "timeout") s.timeout_seconds = x;
    else if (item.key == "parallel") s.parallel = saturating_cast<int>(x);
    else if (item.key == "cv") s.cv_folds = saturating_cast<int>(x), s.cv_span = in.p.expr(v).span;
    else if (item.key == "prune") s.prune = call_spec(in, v);
    else if (item.key == "refit") s.refit_on_train_val = flag(in, v);
    else if (item.key == "maximize" || item.key == "minimize") {
      s.maximize = item.key == "maximize";
      direction_given = true;
      const Symbol* sym = in.r.at(v);
      if (!t.model.empty() && sym && sym->kind == Symbol::Kind::Metric) s.metric = sym->name;
      else if (!t.model.empty()) s.metric = metric_text(in, v);
      else s.objective = lower_hexpr(in.p, in.r, v);
      if (!t.model.empty() && s.metric.rfind("cv.", 0) == 0 && !s.cv_span.valid()) s.cv_span = in.p.expr(v).span;
    } else {
      s.options.push_back({item.key, lower_hexpr(in.p, in.r, v), in.p.expr(v).span});
    }
  }
  if (!direction_given) s.maximize = false;  // the default objective is val.loss, lower is better
  if (s.cv_folds > 0 && s.metric.rfind("val.", 0) == 0) s.metric = "cv." + s.metric.substr(4);
  return s;
}

}  // namespace xp::lowering
