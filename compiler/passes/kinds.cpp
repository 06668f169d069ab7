// Statements of the kinds pass: rules 2 and 3, and each statement's names
// used as the kind of thing the statement needs.
#include "compiler/passes/kinds.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "base/diag_builders.h"
#include "compiler/diags/kinds.h"
#include "compiler/diags/run.h"
#include "compiler/passes/kinds_context.h"
#include "compiler/passes/block_settings.h"
#include "compiler/passes/walk.h"

namespace xp {

using namespace ast;
using stdlib::Category;

// ---- KindContext ---------------------------------------------------------------
const Hyper* KindContext::hyper_decl(const Symbol& s) const {
  if (s.kind != Symbol::Kind::Hyper) return nullptr;
  if (s.owner.empty()) return decls.hyper(s.name);
  const Model* m = decls.model(s.owner);
  return m ? Decls::scoped_hyper(*m, s.name.substr(s.owner.size() + 1)) : nullptr;
}

std::vector<const stdlib::Builtin*> KindContext::picks(const Symbol& hyper) const {
  std::vector<const stdlib::Builtin*> out;
  const Hyper* h = hyper_decl(hyper);
  if (!h) return out;
  std::vector<ExprId> names;
  if (auto* call = std::get_if<Call>(&expr(h->value).node); call && h->searched) {
    for (const auto& a : call->args) names.push_back(a.value);
  } else if (!h->searched) {
    names.push_back(h->value);
  }
  // Numbers or strings mixed in are the space pass's to report (E0513);
  // the names present still say what a call of the hyper means.
  for (ExprId id : names) {
    const Symbol* s = at(id);
    // A constant (true, false, pi) is a value, not a function: `choice(true, false)` is a yes/no hyper.
    if (s && s->kind == Symbol::Kind::Builtin && std::holds_alternative<Name>(expr(id).node) &&
        stdlib::all()[s->index].category != stdlib::Category::Constant)
      out.push_back(&stdlib::all()[s->index]);
  }
  return out;
}

std::string KindContext::phrase(const Symbol& s) const {
  switch (s.kind) {
    case Symbol::Kind::Hyper: return picks(s).empty() ? "a hyperparameter" : "a hyperparameter that picks a built-in";
    case Symbol::Kind::Data: return "a data set";
    case Symbol::Kind::SplitPart: return "a split of a data set";
    case Symbol::Kind::Model: return "a model";
    case Symbol::Kind::Param: return "a parameter";
    case Symbol::Kind::Input: return "a model input";
    case Symbol::Kind::Local: return "a local value";
    case Symbol::Kind::Batch: return "the batch";
    case Symbol::Kind::DimSymbol: return "a dimension";
    case Symbol::Kind::Builtin: return diag::one_of(stdlib::all()[s.index].category);
    case Symbol::Kind::Metric: return "a metric";
  }
  return "a name";
}

ExprId KindContext::head(ExprId id) const {
  if (id == kNoExpr) return id;
  if (auto* c = std::get_if<Call>(&expr(id).node)) return c->callee;
  return id;
}

std::string KindContext::training_data(const std::string& model) const {
  for (const auto& stmt : program.stmts) {
    auto* t = std::get_if<Train>(&stmt.node);
    if (!t || t->model != model) continue;
    const Symbol* s = at(t->data);
    if (s && s->kind == Symbol::Kind::Data) return s->name;
    if (s && s->kind == Symbol::Kind::SplitPart) return s->owner;
  }
  return "";
}

namespace {

// ---- the pass ------------------------------------------------------------------------
class KindChecker {
 public:
  explicit KindChecker(const KindContext& cx) : cx_(cx) {}

  void run() {
    verify_lists(cx_);
    verify_given_once();
    for (const auto& stmt : cx_.program.stmts) std::visit([&](const auto& s) { this->stmt(s); }, stmt.node);
    verify_block_settings(cx_);
  }

 private:
  const KindContext& cx_;

  // One `seed` per script, one `split` per data set and one of each
  // preprocessing statement per target: of two, the run used the last (or
  // applied the same scaling once) and the other did nothing (the REPL
  // replaces them instead).
  void verify_given_once() {
    std::optional<Span> seed;
    std::map<std::string, Span> splits, preprocessing;
    for (const auto& stmt : cx_.program.stmts) {
      if (std::holds_alternative<Seed>(stmt.node)) {
        if (seed)
          cx_.diags.report(diag::statement_twice(stmt.span, "`seed` statement", *seed,
                                                 "a run has one seed: keep one `seed` (`--seed N` overrides it)"));
        else seed = stmt.span;
      }
      if (auto* s = std::get_if<Split>(&stmt.node)) {
        auto [first, fresh] = splits.emplace(s->data, stmt.span);
        if (!fresh)
          cx_.diags.report(diag::statement_twice(stmt.span, fmt::format("`split {}`", s->data), first->second,
                                                 fmt::format("a data set is split once: keep one `split {}`", s->data)));
      }
      if (auto* pp = std::get_if<Preprocess>(&stmt.node)) {
        const std::string written = pp->op + " " + target_text(pp->target);
        auto [first, fresh] = preprocessing.emplace(written, stmt.span);
        if (!fresh)
          cx_.diags.report(diag::statement_twice(stmt.span, fmt::format("`{}`", written), first->second,
                                                 fmt::format("it is applied once: keep one `{}`", written)));
      }
    }
  }

  // `iris` or `iris.col`, as written (a preprocessing statement's target).
  std::string target_text(ast::ExprId id) const {
    const auto& node = cx_.expr(id).node;
    if (auto* n = std::get_if<Name>(&node)) return n->name;
    if (auto* m = std::get_if<Member>(&node)) return target_text(m->base) + "." + m->member;
    return "?";
  }

  void stmt(const Seed&) {}
  void stmt(const Import&) {}
  void stmt(const Data& d) {
    expect_builtin(cx_.head(d.source), {Category::Source, Category::Dataset, Category::Generator},
                   "a data source", "use `csv(\"file.csv\", target: \"col\")`, a shipped data set such as `iris`, or a generator such as `moons(n: 500)`");
    no_params(d.source, "a data set's definition");
    verify_calls_and_values(cx_, d.source);
    verify_generator_options(cx_, d.source);
    verify_table_options(cx_, d.source);
  }
  void stmt(const Split& s) {
    if (!cx_.decls.data(s.data)) not_a(s.data, s.data_span, "a data set");
    for (const auto& o : s.options) no_params(o.value, "a data split");
  }
  void stmt(const Preprocess& pp) {
    const Symbol* s = cx_.at(pp.target);
    if (!s) {  // a column `iris.color`: the base is the data set
      if (auto* m = std::get_if<Member>(&cx_.expr(pp.target).node)) s = cx_.at(m->base);
    }
    if (s && s->kind != Symbol::Kind::Data && s->kind != Symbol::Kind::SplitPart)
      cx_.diags.report(diag::wrong_kind(cx_.expr(pp.target).span, "a data set", s->name, cx_.phrase(*s)));
  }
  void stmt(const Hyper& h) { hyper(h); }
  void stmt(const Model& m) { model(m); }
  void stmt(const Train& t) {
    expect_model(t.model, t.model_span);
    const Symbol* d = cx_.at(t.data);
    if (d && d->kind != Symbol::Kind::Data && d->kind != Symbol::Kind::SplitPart)
      cx_.diags.report(diag::wrong_kind(cx_.expr(t.data).span, "a data set", d->name, cx_.phrase(*d),
                                        "train on a data set declared with `data NAME = ...`"));
    const Model* m = cx_.decls.model(t.model);
    for (const auto& item : t.items) train_item(item, m);
  }
  void stmt(const Tune& t) {
    if (!t.model.empty()) expect_model(t.model, t.model_span);
    for (const auto& item : t.items) {
      const SettingSpec* spec = find_setting(BlockKind::Tune, item.key);
      for (ExprId v : item.values) {
        bool objective = item.key == "maximize" || item.key == "minimize";
        no_params(v, objective ? "a tune objective" : "a tune setting");
        if (spec && spec->role == Role::Builtin)
          expect_builtin(cx_.head(v), {spec->category}, diag::one_of(spec->category),
                         fmt::format("`exp help {}` lists them", stdlib::category_name(spec->category)));
        verify_calls_and_values(cx_, v);
      }
    }
  }
  void stmt(const Report& r) { expect_model(r.model, r.model_span); }
  void stmt(const Evaluate& e) {
    expect_model(e.model, e.model_span);
    const Symbol* d = cx_.at(e.data);
    if (d && d->kind != Symbol::Kind::Data && d->kind != Symbol::Kind::SplitPart)
      cx_.diags.report(diag::wrong_kind(cx_.expr(e.data).span, "a data set", d->name, cx_.phrase(*d)));
  }
  void stmt(const Save& s) { expect_model(s.model, s.model_span); }
  void stmt(const Print& p) { verify_calls_and_values(cx_, p.value); }
  // In the REPL an expression is evaluated (cli/repl/session_eval.cpp, never
  // compiled as a statement); in a script nothing reads its value.
  void stmt(const ExprStmt& e) {
    verify_calls_and_values(cx_, e.value);
    cx_.diags.report(diag::expression_does_nothing(cx_.expr(e.value).span));
  }

  // ---- helpers ------------------------------------------------------------------------
  void not_a(const std::string& name, Span at, std::string_view expected) {
    int stmt = cx_.decls.stmt_of(name);
    if (stmt < 0) return;  // undefined: reported by resolve
    const auto& node = cx_.program.stmts[stmt].node;
    std::string found = std::holds_alternative<Hyper>(node) ? "a hyperparameter"
                        : std::holds_alternative<Data>(node) ? "a data set" : "a model";
    cx_.diags.report(diag::wrong_kind(at, expected, name, found));
  }
  void expect_model(const std::string& name, Span at) {
    if (!name.empty() && !cx_.decls.model(name)) not_a(name, at, "a model");
  }

  // A name in a place that takes a built-in of one category: the built-in
  // itself, or a hyper choosing among such built-ins.
  void expect_builtin(ExprId head, std::vector<Category> categories, std::string_view expected, std::string help) {
    const Symbol* s = cx_.at(head);
    if (!s) return;
    auto fits = [&](const stdlib::Builtin& b) {
      return std::find(categories.begin(), categories.end(), b.category) != categories.end();
    };
    if (s->kind == Symbol::Kind::Builtin && fits(stdlib::all()[s->index])) return;
    if (s->kind == Symbol::Kind::Hyper) {
      auto picks = cx_.picks(*s);
      if (!picks.empty() && std::all_of(picks.begin(), picks.end(), [&](auto* b) { return fits(*b); })) return;
    }
    cx_.diags.report(diag::wrong_kind(cx_.expr(head).span, expected, s->name, cx_.phrase(*s), std::move(help)));
  }

  // Rule 2: a param has no value before training, so it cannot appear in
  // anything evaluated before training starts.
  void no_params(ExprId root, std::string_view context) {
    walk(cx_.program, root, [&](ExprId id, const Expr& e) {
      const Symbol* s = cx_.at(id);
      if (s && s->kind == Symbol::Kind::Param)
        cx_.diags.report(diag::param_used_before_training(e.span, s->name, context));
    });
  }

  void hyper(const Hyper& h) {
    no_params(h.value, h.searched ? "a search space" : "a hyperparameter's value");
    no_params(h.condition, "a hyperparameter's condition");
    if (!h.searched) verify_calls_and_values(cx_, h.value);
  }

  // A name in a shape must be a size known before training.
  void shape(ExprId root) {
    walk(cx_.program, root, [&](ExprId id, const Expr& e) {
      const Symbol* s = cx_.at(id);
      if (!s) return;
      if (s->kind == Symbol::Kind::Param) return void(cx_.diags.report(diag::param_used_before_training(e.span, s->name, "a shape")));
      bool size = s->kind == Symbol::Kind::DimSymbol || s->kind == Symbol::Kind::Hyper ||
                  (s->kind == Symbol::Kind::Input && input_is_int(*s)) ||
                  (s->kind == Symbol::Kind::Builtin && stdlib::all()[s->index].category == Category::Constant);
      if (!size)
        cx_.diags.report(diag::wrong_kind(e.span, "a dimension", s->name, cx_.phrase(*s),
                                          "a size is a number, an integer hyper, an `int` input or a name the data binds (F, C)"));
    });
  }
  bool input_is_int(const Symbol& s) const {
    const Model* m = cx_.decls.model(s.owner);
    const ModelInput* in = m ? Decls::input(*m, s.name.substr(s.owner.size() + 1)) : nullptr;
    return in && in->is_int;
  }

  // ---- models ------------------------------------------------------------------------------
  void model(const Model& m) {
    for (const auto& in : m.inputs)
      for (ExprId d : in.shape) shape(d);
    if (m.result)
      for (ExprId d : *m.result) shape(d);
    for (const auto& item : m.items) std::visit([&](const auto& node) { model_item(m, node); }, item.node);
  }
  void model_item(const Model&, const Param& p) {
    for (ExprId d : p.shape) shape(d);
    expect_builtin(cx_.head(p.init), {Category::Init}, "an initializer",
                   "initializers: zeros, ones, constant(v), normal(std: s), uniform(low: a, high: b), glorot, he");
    no_params(p.init, "a parameter's initializer");
    verify_calls_and_values(cx_, p.init);
  }
  void model_item(const Model&, const Hyper& h) { hyper(h); }
  void model_item(const Model&, const Return& r) { verify_calls_and_values(cx_, r.value); }
  void model_item(const Model& m, const Let& let) {
    verify_calls_and_values(cx_, let.value);
    if (const Param* p = Decls::param(m, let.name)) return void(cx_.diags.report(diag::param_assigned(let.name_span, let.name, p->name_span)));
    if (const Hyper* h = Decls::scoped_hyper(m, let.name))
      return void(cx_.diags.report(diag::hyper_assigned(let.name_span, let.name, fmt::format("model `{}`", m.name), h->name_span)));
    if (Decls::input(m, let.name)) return void(cx_.diags.report(diag::invalid_assignment(let.name_span, let.name, "a model input")));
    if (const Hyper* h = cx_.decls.hyper(let.name); h && h->name_span.file == m.name_span.file)
      cx_.diags.report(diag::hyper_assigned(let.name_span, let.name, fmt::format("model `{}`", m.name), h->name_span));
  }
  void model_item(const Model& m, const Assign& a) {
    verify_calls_and_values(cx_, a.value);
    const Symbol* s = cx_.at(a.target);
    Span at = cx_.expr(a.target).span;
    if (!s) {
      if (!std::holds_alternative<Name>(cx_.expr(a.target).node))
        cx_.diags.report(diag::invalid_assignment(at, "this expression", "not a name"));
      return;
    }
    std::string bare = s->name.substr(s->name.rfind('.') + 1);
    if (s->kind == Symbol::Kind::Param) return void(cx_.diags.report(diag::param_assigned(at, bare, s->decl)));
    if (s->kind == Symbol::Kind::Hyper)
      return void(cx_.diags.report(diag::hyper_assigned(at, bare, fmt::format("model `{}`", m.name), s->decl)));
    cx_.diags.report(diag::invalid_assignment(at, s->name, cx_.phrase(*s)));
  }

  // ---- train blocks ----------------------------------------------------------------------------
  void train_item(const BlockItem& item, const Model* m) {
    const SettingSpec* spec = find_setting(BlockKind::Train, item.key);
    if (!spec) {  // a param or a hyper set in the block: rules 2 and 3
      if (const Param* p = m ? Decls::param(*m, item.key) : nullptr)
        cx_.diags.report(diag::param_assigned(item.key_span, item.key, p->name_span));
      else if (const Hyper* h = cx_.decls.hyper(item.key))
        cx_.diags.report(diag::hyper_assigned(item.key_span, item.key, "a train block", h->name_span));
      return;
    }
    for (ExprId v : item.values) {
      if (spec->role != Role::TensorExpr && spec->role != Role::Call) no_params(v, "a training setting");
      if (spec->role == Role::Builtin)
        expect_builtin(cx_.head(v), {spec->category}, diag::one_of(spec->category),
                       fmt::format("`exp help {}` lists them", stdlib::category_name(spec->category)));
      if (spec->role == Role::Call) stop_early_args(v);
      else verify_calls_and_values(cx_, v);
      if (spec->role == Role::TensorExpr || spec->role == Role::HyperExpr) check_value_root(v);
      if (spec->role == Role::HyperExpr) known_before_training(v, item.key);
    }
  }
  // `epochs = x`, `batch = vocab`: the batch and the sizes data binds are no
  // number fixed for a trial (the runtime refused them, E0903, after
  // loading the data).
  void known_before_training(ExprId root, const std::string& setting) {
    walk(cx_.program, root, [&](ExprId id, const Expr& e) {
      const Symbol* s = cx_.at(id);
      if (!s || (s->kind != Symbol::Kind::Batch && s->kind != Symbol::Kind::DimSymbol)) return;
      cx_.diags.report(diag::wrong_kind(e.span, fmt::format("a number for `{}`", setting), s->name, cx_.phrase(*s),
                                        "a training setting is a number or a hyper, fixed before training starts"));
    });
  }
  void stop_early_args(ExprId v) {
    auto* call = std::get_if<Call>(&cx_.expr(v).node);
    if (!call) return;
    for (const auto& a : call->args) {
      no_params(a.value, "an early-stopping setting");
      if (a.name == "monitor") {
        const Symbol* s = cx_.at(a.value);
        if (s && s->kind != Symbol::Kind::Metric)
          cx_.diags.report(diag::wrong_kind(cx_.expr(a.value).span, "a metric", s->name, cx_.phrase(*s),
                                            "monitor a validation metric such as `val.loss` or `val.accuracy`"));
      }
    }
  }
  // `loss = mlp`: the whole value is a model / data set / uncalled built-in.
  void check_value_root(ExprId v) {
    const Symbol* s = cx_.at(v);
    if (!s) return;
    bool bad = s->kind == Symbol::Kind::Model || s->kind == Symbol::Kind::Data || s->kind == Symbol::Kind::SplitPart ||
               (s->kind == Symbol::Kind::Builtin && stdlib::all()[s->index].category != Category::Constant);
    if (bad)
      cx_.diags.report(diag::not_a_value(cx_.expr(v).span, s->name, cx_.phrase(*s),
                                         s->kind == Symbol::Kind::Model ? fmt::format("call it on the batch: `{}(x)`", s->name)
                                                                        : "this setting takes an expression"));
  }
};

}  // namespace

void verify_kinds(const ast::Program& program, const Resolution& resolution, Diagnostics& diags) {
  KindContext cx(program, resolution, diags);
  KindChecker(cx).run();
}

}  // namespace xp
