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
#include "compiler/passes/kinds.h"
#include "compiler/passes/kinds_context.h"
#include "compiler/passes/literal.h"
#include "compiler/passes/block_settings.h"
#include "base/suggest.h"

namespace xp {
namespace {

using namespace ast;

std::vector<std::string> keys_of(BlockKind block) {
  std::vector<std::string> out;
  for (const auto& s : settings_of(block)) out.emplace_back(s.key);
  return out;
}

// The registry entry of a numeric or yes/no setting (tune options); nullptr for others.
const stdlib::Arg* option_of(BlockKind block, std::string_view key) {
  if (block == BlockKind::Tune) return stdlib::find_arg(stdlib::tune_options(), key);
  if (block == BlockKind::StopEarly) return stdlib::find_arg(stdlib::stop_early_options(), key);
  return nullptr;
}
// Whole-number settings become `int`s at run time.
constexpr double kMaxWhole = 1e9;

// Unknown setting keys, stop_early arguments and split options, with "did you
// mean". They need only the syntax tree, so the driver runs this even when
// names did not resolve: a script with a dozen typos gets every one reported
// in one run.
class SettingNames {
 public:
  SettingNames(const Program& p, Diagnostics& d) : p_(p), decls_(p), d_(d) {}

  void run() {
    for (const auto& stmt : p_.stmts) {
      if (auto* t = std::get_if<Train>(&stmt.node)) block(BlockKind::Train, t->items, t->model);
      if (auto* t = std::get_if<Tune>(&stmt.node)) block(BlockKind::Tune, t->items, t->model);
      if (auto* r = std::get_if<Report>(&stmt.node)) block(BlockKind::Report, r->items, r->model);
      if (auto* s = std::get_if<Split>(&stmt.node))
        for (const auto& o : s->options)
          if (!find_setting(BlockKind::Split, o.name)) {
            auto keys = keys_of(BlockKind::Split);
            d_.report(diag::unknown_setting(o.name_span, "split", o.name, closest(o.name, keys), known_list(keys)));
          }
    }
  }

 private:
  const Program& p_;
  Decls decls_;
  Diagnostics& d_;

  void block(BlockKind kind, const std::vector<BlockItem>& items, const std::string& model) {
    for (const auto& item : items) {
      const SettingSpec* spec = find_setting(kind, item.key);
      if (!spec) unknown(kind, item, model);
      else if (spec->role == Role::Call)
        for (ExprId v : item.values) stop_early(v);
    }
  }

  void stop_early(ExprId v) {
    auto* call = std::get_if<Call>(&p_.expr(v).node);
    if (!call) return;
    auto keys = keys_of(BlockKind::StopEarly);
    for (const auto& a : call->args)
      if (!a.name.empty() && !find_setting(BlockKind::StopEarly, a.name))
        d_.report(diag::unknown_argument(a.name_span, "stop_early", a.name, closest(a.name, keys), known_list(keys)));
  }

  Span script_seed() const {
    for (const auto& stmt : p_.stmts)
      if (std::holds_alternative<Seed>(stmt.node)) return stmt.span;
    return {};
  }

  void unknown(BlockKind block, const BlockItem& item, const std::string& model) {
    if (block == BlockKind::Tune && item.key == "seed") {  // a habit from other tuners: say where the seed goes
      auto n = item.values.empty() ? std::nullopt : literal_number(p_, item.values.front());
      d_.report(diag::seed_in_tune(item.key_span, n ? fmt::format("{:g}", *n) : "N", script_seed()));
      return;
    }
    if (block == BlockKind::Train) {  // a param / hyper set in a train block: the kinds rules explain
      const Model* m = decls_.model(model);
      if ((m && Decls::param(*m, item.key)) || decls_.hyper(item.key)) return;
    }
    auto keys = keys_of(block);
    d_.report(diag::unknown_setting(item.key_span, block_name(block), item.key, closest(item.key, keys), known_list(keys)));
  }

};

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
      if (!spec) continue;  // verify_setting_names reports it
      if (auto first = seen.find(item.key); first != seen.end()) {
        cx_.diags.report(diag::duplicate_setting(item.key_span, item.key, first->second));
        continue;
      }
      seen.emplace(item.key, item.key_span);
      for (ExprId v : item.values) {
        value(*spec, v, model, block == BlockKind::Tune && !model.empty());
        if (const stdlib::Arg* o = option_of(block, item.key)) in_range(*o, v);
      }
    }
    return seen;
  }

  // `parallel = 0`, `gamma = 0.9`: a literal the setting cannot take, by
  // the bounds the runtime applies (non-literals are E0607's).
  void in_range(const stdlib::Arg& o, ExprId v) {
    if (o.type == stdlib::ArgType::Bool) return;  // E0608's
    auto n = literal_number(cx_.program, v);
    if (!n) return;
    std::string shown = fmt::format("{:g}", *n);
    std::string help(o.doc);
    if (!o.accepts(*n))
      cx_.diags.report(diag::setting_out_of_range(cx_.expr(v).span, fmt::format("`{}` must be {}, not {}", o.name, o.range_text(), shown), help));
    else if (o.integer() && *n > kMaxWhole)
      cx_.diags.report(diag::setting_out_of_range(cx_.expr(v).span,
                                                  fmt::format("`{}` must be at most {:g}, not {}", o.name, kMaxWhole, shown), help));
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
        // A bare metric (`accuracy`) names what to score but not on which rows.
        const bool bare_metric = s && s->kind == Symbol::Kind::Builtin && stdlib::find(s->name, stdlib::Category::Metric);
        if (model_objective && bare_metric) {
          Diagnostic d = diag::error("E0208", at, fmt::format("the objective `{}` names no rows to score it on", s->name),
                                     "scored on which part?");
          d.help = fmt::format("write `val.{0}` (or `cv.{0}` to cross-validate)", s->name);
          cx_.diags.report(std::move(d));
        }
        else if (model_objective && s && s->kind != Symbol::Kind::Metric && s->kind != Symbol::Kind::Param)
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
      if (!spec) continue;  // verify_setting_names reports it
      if (auto first = seen.find(a.name); first != seen.end()) {
        cx_.diags.report(diag::duplicate_argument(a.name_span, "stop_early", a.name, first->second));
        continue;
      }
      seen.emplace(a.name, a.name_span);
      value(*spec, a.value, model, false);
      if (const stdlib::Arg* o = option_of(BlockKind::StopEarly, a.name)) in_range(*o, a.value);
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
    const stdlib::Builtin* b = stdlib::find(bare, stdlib::Category::Metric);
    if (b && !stdlib::fits_task(b->task, *task))
      cx_.diags.report(diag::metric_not_for_task(at, bare, *task, data, known_list(stdlib::metrics_for(*task))));
  }

  void split(const Split& s) {
    std::map<std::string, std::pair<double, Span>> fractions;
    for (const auto& o : s.options) {
      const SettingSpec* spec = find_setting(BlockKind::Split, o.name);
      Span at = cx_.expr(o.value).span;
      if (!spec) continue;  // verify_setting_names reports it
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

void verify_block_settings(const KindContext& cx) {
  SettingNames(cx.program, cx.diags).run();
  SettingsChecker(cx).run();
}

void verify_setting_names(const ast::Program& program, Diagnostics& diags) { SettingNames(program, diags).run(); }

}  // namespace xp
