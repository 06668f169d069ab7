// Block settings (E06xx and the metric checks of E02xx): each key known and
// set once, required keys present, literal numbers and flags where the
// runtime needs them before anything runs, split fractions that make sense,
// metrics that fit the task of the data the model is trained on.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "compiler/diags/kinds.h"
#include "compiler/diags/misc.h"
#include "compiler/passes/kinds_context.h"
#include "compiler/passes/literal.h"
#include "compiler/passes/schema.h"
#include "compiler/suggest.h"

namespace xp {
namespace {

using namespace ast;

const std::vector<std::string> kClassification = {"accuracy", "precision", "recall", "f1", "confusion", "log_loss", "auc", "loss"};
const std::vector<std::string> kRegression = {"mse", "rmse", "mae", "r2", "loss"};

std::vector<std::string> keys_of(BlockKind block) {
  std::vector<std::string> out;
  for (const auto& s : settings_of(block)) out.emplace_back(s.key);
  return out;
}

// The values a number setting can take (checked where the script writes a literal).
struct Bound {
  BlockKind block;
  std::string_view key;
  double min;
  bool exclusive;  // min itself is not allowed
  bool whole;      // a whole number (at most kMaxWhole)
  std::string_view help;
};
constexpr double kMaxWhole = 1e9;
const Bound kBounds[] = {
    {BlockKind::Tune, "trials", 1, false, true, "a study runs at least one trial, for example `trials = 40`"},
    {BlockKind::Tune, "parallel", 1, false, true,
     "`parallel = 1` runs one trial at a time; leave it out to use every core"},
    {BlockKind::Tune, "timeout", 0, true, false, "a time budget in seconds, such as `timeout = 600`; leave it out for none"},
    {BlockKind::Tune, "cv", 2, false, true, "k-fold cross-validation needs k ≥ 2 folds, for example `cv = 5`"},
};

const Bound* bound_of(BlockKind block, std::string_view key) {
  for (const auto& b : kBounds)
    if (b.block == block && b.key == key) return &b;
  return nullptr;
}

class SettingsChecker {
 public:
  explicit SettingsChecker(const KindContext& cx) : cx_(cx) {}

  void run() {
    for (const auto& stmt : cx_.program.stmts) {
      if (auto* t = std::get_if<Train>(&stmt.node)) train(*t);
      if (auto* t = std::get_if<Tune>(&stmt.node)) tune(*t);
      if (auto* r = std::get_if<Report>(&stmt.node)) report(*r);
      if (auto* e = std::get_if<Evaluate>(&stmt.node)) needs_training(e->model, e->model_span, "evaluate");
      if (auto* s = std::get_if<Save>(&stmt.node)) needs_training(s->model, s->model_span, "save");
      if (auto* s = std::get_if<Split>(&stmt.node)) split(*s);
    }
  }

 private:
  const KindContext& cx_;

  void train(const Train& t) {
    auto seen = items(BlockKind::Train, t.items, t.model);
    if (!seen.count("loss"))
      cx_.diags.report(diag::missing_setting(t.model_span, "train", "loss", "loss = cross_entropy(" + t.model + "(x), y)"));
  }
  void tune(const Tune& t) {
    auto seen = items(BlockKind::Tune, t.items, t.model);
    if (seen.count("maximize") && seen.count("minimize"))
      cx_.diags.report(diag::conflicting_settings(seen["minimize"], "minimize", "maximize", seen["maximize"]));
    needs_training(t.model, t.model_span, "tune");
  }
  void report(const Report& r) {
    items(BlockKind::Report, r.items, r.model);
    needs_training(r.model, r.model_span, "report");
  }

  Span script_seed() const {
    for (const auto& stmt : cx_.program.stmts)
      if (std::holds_alternative<Seed>(stmt.node)) return stmt.span;
    return {};
  }

  void needs_training(const std::string& model, Span at, std::string_view statement) {
    if (model.empty() || !cx_.decls.model(model)) return;
    for (const auto& stmt : cx_.program.stmts)
      if (auto* t = std::get_if<Train>(&stmt.node); t && t->model == model) return;
    cx_.diags.report(diag::model_not_trained(at, model, statement));
  }

  // Checks every item of a block; returns where each known key was set.
  std::map<std::string, Span> items(BlockKind block, const std::vector<BlockItem>& items, const std::string& model) {
    std::map<std::string, Span> seen;
    for (const auto& item : items) {
      const SettingSpec* spec = find_setting(block, item.key);
      if (!spec) {
        unknown(block, item, model);
        continue;
      }
      if (auto first = seen.find(item.key); first != seen.end()) {
        cx_.diags.report(diag::duplicate_setting(item.key_span, item.key, first->second));
        continue;
      }
      seen.emplace(item.key, item.key_span);
      for (ExprId v : item.values) {
        value(*spec, v, model, block == BlockKind::Tune && !model.empty());
        if (const Bound* b = bound_of(block, item.key)) in_range(*b, v);
      }
    }
    return seen;
  }

  // `parallel = 0`: a literal the setting cannot take (non-literals are E0607's).
  void in_range(const Bound& b, ExprId v) {
    auto n = literal_number(cx_.program, v);
    if (!n) return;
    std::string shown = fmt::format("{:g}", *n);
    bool low = b.exclusive ? !(*n > b.min) : !(*n >= b.min);
    if (low || (b.whole && *n != std::floor(*n))) {
      std::string want = b.whole ? fmt::format("a whole number ≥ {:g}", b.min)
                                 : fmt::format("a number {} {:g}", b.exclusive ? ">" : "≥", b.min);
      cx_.diags.report(diag::setting_out_of_range(cx_.expr(v).span, fmt::format("`{}` must be {}, not {}", b.key, want, shown),
                                                  std::string(b.help)));
    } else if (b.whole && *n > kMaxWhole) {
      cx_.diags.report(diag::setting_out_of_range(cx_.expr(v).span,
                                                  fmt::format("`{}` must be at most {:g}, not {}", b.key, kMaxWhole, shown),
                                                  std::string(b.help)));
    }
  }

  void unknown(BlockKind block, const BlockItem& item, const std::string& model) {
    if (block == BlockKind::Tune && item.key == "seed") {  // a habit from other tuners: say where the seed goes
      auto n = item.values.empty() ? std::nullopt : literal_number(cx_.program, item.values.front());
      cx_.diags.report(diag::seed_in_tune(item.key_span, n ? fmt::format("{:g}", *n) : "N", script_seed()));
      return;
    }
    if (block == BlockKind::Train) {  // a param / hyper set in a train block: the kinds rules explain
      const Model* m = cx_.decls.model(model);
      if ((m && Decls::param(*m, item.key)) || cx_.decls.hyper(item.key)) return;
    }
    auto keys = keys_of(block);
    cx_.diags.report(diag::unknown_setting(item.key_span, block_name(block), item.key, closest(item.key, keys), known_list(keys)));
  }

  void value(const SettingSpec& spec, ExprId v, const std::string& model, bool model_objective) {
    Span at = cx_.expr(v).span;
    switch (spec.role) {
      case Role::Constant:
        if (!literal_number(cx_.program, v)) cx_.diags.report(diag::expected_number(at, spec.key, "it is read before any hyperparameter is drawn"));
        return;
      case Role::Flag: return flag(spec.key, v);
      case Role::Call: return stop_early(v, model);
      case Role::Monitor: return metric(v, model, true);
      case Role::MetricNames: return metric(v, model, false);
      case Role::Objective: {
        const Symbol* s = cx_.at(v);
        if (model_objective && s && s->kind != Symbol::Kind::Metric && s->kind != Symbol::Kind::Param)
          cx_.diags.report(diag::wrong_kind(at, "a metric", s->name, cx_.phrase(*s),
                                            "a tuned model is scored by a validation metric such as `val.accuracy` or `cv.f1`"));
        return metric(v, model, true);
      }
      default: return;
    }
  }

  void flag(std::string_view key, ExprId v) {
    const Symbol* s = cx_.at(v);
    if (s && s->kind == Symbol::Kind::Builtin && (s->name == "true" || s->name == "false")) return;
    if (auto n = literal_number(cx_.program, v); n && (*n == 0 || *n == 1)) return;
    cx_.diags.report(diag::expected_flag(cx_.expr(v).span, key));
  }

  void stop_early(ExprId v, const std::string& model) {
    auto* call = std::get_if<Call>(&cx_.expr(v).node);
    if (!call) return;
    auto keys = keys_of(BlockKind::StopEarly);
    std::map<std::string, Span> seen;
    for (const auto& a : call->args) {
      if (a.name.empty()) {
        cx_.diags.report(diag::wrong_arity(cx_.expr(a.value).span, "stop_early", "named arguments only", 1,
                                           "stop_early(monitor: val.loss, patience: 10)"));
        continue;
      }
      const SettingSpec* spec = find_setting(BlockKind::StopEarly, a.name);
      if (!spec) {
        cx_.diags.report(diag::unknown_argument(a.name_span, "stop_early", a.name, closest(a.name, keys), known_list(keys)));
        continue;
      }
      if (auto first = seen.find(a.name); first != seen.end()) {
        cx_.diags.report(diag::duplicate_argument(a.name_span, "stop_early", a.name, first->second));
        continue;
      }
      seen.emplace(a.name, a.name_span);
      value(*spec, a.value, model, false);
    }
  }

  // A metric must exist for the task of the data the model learns from, and
  // an objective or a monitor must be one number.
  void metric(ExprId v, const std::string& model, bool scalar) {
    const Symbol* s = cx_.at(v);
    if (!s || s->kind != Symbol::Kind::Metric) return;
    std::string bare = s->name.substr(s->name.rfind('.') + 1);
    Span at = cx_.expr(v).span;
    if (scalar && bare == "confusion") cx_.diags.report(diag::objective_not_scalar(at, s->name));
    std::string data = model.empty() ? "" : cx_.training_data(model);
    auto task = data.empty() ? std::nullopt : cx_.decls.task_of(data);
    if (!task) return;
    const auto& fitting = *task == "regression" ? kRegression : kClassification;
    if (std::find(fitting.begin(), fitting.end(), bare) == fitting.end())
      cx_.diags.report(diag::metric_not_for_task(at, bare, *task, data, known_list(fitting)));
  }

  void split(const Split& s) {
    std::map<std::string, std::pair<double, Span>> fractions;
    for (const auto& o : s.options) {
      const SettingSpec* spec = find_setting(BlockKind::Split, o.name);
      Span at = cx_.expr(o.value).span;
      if (!spec) {
        auto keys = keys_of(BlockKind::Split);
        cx_.diags.report(diag::unknown_setting(o.name_span, "split", o.name, closest(o.name, keys), known_list(keys)));
        continue;
      }
      if (spec->role == Role::Flag) { flag(o.name, o.value); continue; }
      auto n = literal_number(cx_.program, o.value);
      if (!n) { cx_.diags.report(diag::expected_number(at, o.name, "a split is fixed before anything runs")); continue; }
      if (o.name == "folds") {
        if (*n < 2 || *n != std::floor(*n))
          cx_.diags.report(diag::bad_split(at, fmt::format("`folds` must be a whole number of at least 2, not {}", *n),
                                           "k-fold cross-validation needs k ≥ 2 folds, for example `folds: 5`"));
        continue;
      }
      if (*n < 0 || *n > 1) {
        cx_.diags.report(diag::bad_split(at, fmt::format("the `{}` fraction must be between 0 and 1, not {}", o.name, *n),
                                         "fractions are parts of the whole data set, such as `train: 0.6`"));
        continue;
      }
      fractions[o.name] = {*n, at};
    }
    double sum = 0;
    for (auto& [k, v] : fractions) sum += v.first;
    bool all_three = fractions.size() == 3;
    if (!fractions.empty() && ((all_three && std::abs(sum - 1) > 1e-6) || (!all_three && sum > 1 + 1e-6)))
      cx_.diags.report(diag::bad_split(s.data_span, fmt::format("the split fractions add up to {:g}, not 1", sum),
                                       "make train, val and test add up to 1, for example `train: 0.6, val: 0.2, test: 0.2`"));
  }
};

}  // namespace

void verify_block_settings(const KindContext& cx) { SettingsChecker(cx).run(); }

}  // namespace xp
