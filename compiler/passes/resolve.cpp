#include "compiler/passes/resolve.h"



#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "compiler/diags/names.h"
#include "compiler/imports.h"
#include "compiler/passes/call_sites.h"
#include "compiler/passes/decls.h"
#include "compiler/passes/block_settings.h"
#include "compiler/passes/scope.h"
#include "compiler/passes/signature.h"
#include "base/suggest.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

using namespace ast;
using stdlib::Category;

// What the position of a name expects. It decides which built-in an
// ambiguous name means (`uniform` is an initializer and a search space) and
// whether an unknown name in a shape is a new dimension symbol.
struct Want {
  enum class Mode { Value, Shape, Builtin, ChoiceMember, Metric } mode = Mode::Value;
  std::vector<Category> categories;  // Builtin: preferred categories
  std::string metric_prefix;         // Metric: "test" for `test: accuracy`
  static Want value() { return {}; }
  static Want shape() { return {Mode::Shape, {}, {}}; }
  static Want builtin(std::vector<Category> c) { return {Mode::Builtin, std::move(c), {}}; }
  static Want choice_member() { return {Mode::ChoiceMember, {}, {}}; }
  static Want metric(std::string prefix) { return {Mode::Metric, {}, std::move(prefix)}; }
};

bool is_metric_prefix(const std::string& n) { return n == "val" || n == "train" || n == "test" || n == "cv"; }
bool is_split_part(const std::string& n) { return n == "train" || n == "val" || n == "test"; }

Symbol builtin_symbol(const stdlib::Builtin& b) {
  Symbol s{Symbol::Kind::Builtin, std::string(b.name), std::string(stdlib::category_name(b.category)),
           static_cast<int>(&b - stdlib::all().data()), Span{}};
  return s;
}

// The state of the model body being resolved.
struct ModelState {
  const Model* model = nullptr;
  bool binding_dims = false;  // in input / result shapes: unknown names become dimensions
  std::unordered_map<std::string, Span> later_locals;  // defined further down
  std::unordered_set<std::string> unbound_dims;        // reported once per model
};

class Resolver {
 public:
  Resolver(const Program& p, Diagnostics& d) : p_(p), d_(d), decls_(p) {}

  Resolution run() {
    declare_top_level();
    find_call_sites();
    for (size_t i = 0; i < p_.stmts.size(); ++i) statement(p_.stmts[i]);
    return std::move(res_);
  }

 private:
  const Program& p_;
  Diagnostics& d_;
  Decls decls_;
  Resolution res_;
  Scope top_;
  ModelState* model_ = nullptr;
  // Every call of a model inside a model (call_sites.h): its params are
  // reached as net.layer1.W, or net.dense_2.W for an unnamed call.
  std::unordered_map<std::string, std::string> call_sites_;  // "net.layer1" → the model it calls
  std::unordered_map<std::string, std::vector<CallSite>> sites_of_;  // model → its call sites

  // ---- declarations ---------------------------------------------------------
  void declare(Scope& scope, const std::string& name, Symbol s) {
    if (const Symbol* first = scope.own(name)) {
      d_.report(diag::duplicate_definition(s.decl, name, first->decl));
      return;
    }
    scope.add(name, std::move(s));
  }

  void declare_top_level() {
    for (size_t i = 0; i < p_.stmts.size(); ++i) {
      const auto& node = p_.stmts[i].node;
      int index = static_cast<int>(i);
      if (auto* h = std::get_if<Hyper>(&node)) declare(top_, h->name, {Symbol::Kind::Hyper, h->name, "", index, h->name_span});
      if (auto* d = std::get_if<Data>(&node)) declare(top_, d->name, {Symbol::Kind::Data, d->name, "", index, d->name_span});
      if (auto* m = std::get_if<Model>(&node)) declare(top_, m->name, {Symbol::Kind::Model, m->name, "", index, m->name_span});
    }
  }

  void find_call_sites() {
    auto is_model = [&](const std::string& n) { return decls_.model(n) != nullptr; };
    for (const auto& stmt : p_.stmts)
      if (auto* m = std::get_if<Model>(&stmt.node))
        for (auto& site : call_sites(p_, *m, is_model)) {
          call_sites_[m->name + "." + site.name] = site.callee;
          sites_of_[m->name].push_back(std::move(site));
        }
  }

  // ---- statements -----------------------------------------------------------
  void statement(const Stmt& stmt) {
    std::visit([&](const auto& s) { this->stmt(s); }, stmt.node);
  }
  void stmt(const Seed&) {}
  void stmt(const Import&) {}
  void stmt(const Data& d) {
    expr(d.source, top_, Want::builtin({Category::Source, Category::Dataset, Category::Generator}));
  }
  void stmt(const Split& s) {
    data_ref(s.data, s.data_span);
    for (const auto& opt : s.options) expr(opt.value, top_, Want::value());
  }
  void stmt(const Preprocess& pp) {
    if (!stdlib::find(pp.op, Category::Preprocess))
      d_.report(diag::undefined_named(pp.op_span, "preprocessing step", pp.op, closest(pp.op, names_of(Category::Preprocess))));
    preprocess_target(pp.target);
  }
  void stmt(const Hyper& h) { hyper(h, top_); }
  void stmt(const Model& m) { model(m); }
  void stmt(const Train& t) {
    Scope scope(&top_);
    const Model* m = model_ref(t.model, t.model_span);
    scope.add("x", {Symbol::Kind::Batch, "x", t.model, 0, t.model_span});
    scope.add("y", {Symbol::Kind::Batch, "y", t.model, 1, t.model_span});
    // The token data's vocabulary size, a size the data binds like F and C
    // (shapes_embedding.cpp, `train_vocab`). A script's own `vocab` (a hyper)
    // keeps its meaning: the name was free before the train block had it.
    if (!top_.find(kTrainVocab)) scope.add(kTrainVocab, {Symbol::Kind::DimSymbol, kTrainVocab, t.model, -1, t.model_span});
    if (m) declare_params(scope, *m);
    expr(t.data, top_, Want::value());
    block(BlockKind::Train, t.items, scope);
  }
  void stmt(const Tune& t) {
    if (!t.model.empty()) model_ref(t.model, t.model_span);
    block(BlockKind::Tune, t.items, top_);
  }
  void stmt(const Report& r) {
    model_ref(r.model, r.model_span);
    block(BlockKind::Report, r.items, top_);
  }
  void stmt(const Evaluate& e) {
    model_ref(e.model, e.model_span);
    expr(e.data, top_, Want::value());
  }
  void stmt(const Save& s) {
    model_ref(s.model, s.model_span);
    expr(s.path, top_, Want::value());
  }
  void stmt(const Print& p) { expr(p.value, top_, Want::value()); }
  void stmt(const ExprStmt& e) { expr(e.value, top_, Want::value()); }

  // A model / data set named by a statement rather than by an expression.
  const Model* model_ref(const std::string& name, Span at) {
    if (name.empty()) return nullptr;
    if (top_.find(name)) return decls_.model(name);  // a non-model is the kinds pass's to explain
    d_.report(diag::undefined_named(at, "model", name, closest(name, top_names(Symbol::Kind::Model))));
    return nullptr;
  }
  void data_ref(const std::string& name, Span at) {
    if (!top_.find(name))
      d_.report(diag::undefined_named(at, "data set", name, closest(name, top_names(Symbol::Kind::Data))));
  }

  std::vector<std::string> top_names(Symbol::Kind kind) const {
    std::vector<std::string> all, out;
    top_.collect(all);
    for (const auto& n : all)
      if (top_.find(n)->kind == kind) out.push_back(n);
    return out;
  }
  static std::vector<std::string> names_of(Category c) {
    std::vector<std::string> out;
    for (const auto& b : stdlib::all())
      if (b.category == c) out.emplace_back(b.name);
    return out;
  }

  // `standardize iris`, `standardize iris.test` (a split: leakage decides),
  // `onehot iris.color` (a column: only the data can tell).
  void preprocess_target(ExprId id) {
    if (id == kNoExpr) return;
    const auto& e = p_.expr(id);
    auto* mem = std::get_if<Member>(&e.node);
    if (!mem) return expr(id, top_, Want::value());
    auto* base = std::get_if<Name>(&p_.expr(mem->base).node);
    const Symbol* data = base ? top_.find(base->name) : nullptr;
    if (!data || data->kind != Symbol::Kind::Data || is_split_part(mem->member)) return expr(id, top_, Want::value());
    record(mem->base, *data);  // a column of a data set: checked when the data is read
  }

  // ---- hypers -----------------------------------------------------------------
  void hyper(const Hyper& h, const Scope& scope) {
    if (h.searched) space(h.value, scope);
    else expr(h.value, scope, Want::value());
    if (h.condition != kNoExpr) condition(h.condition, scope);
  }

  void space(ExprId id, const Scope& scope) {
    auto* call = std::get_if<Call>(&p_.expr(id).node);
    if (!call) return expr(id, scope, Want::value());  // `~ 0.1`: the space pass explains
    expr(call->callee, scope, Want::builtin({Category::Space}));
    const Symbol* head = res_.at(call->callee);
    bool is_choice = head && head->kind == Symbol::Kind::Builtin && head->name == "choice";
    for (const auto& arg : call->args)
      expr(arg.value, scope, is_choice ? Want::choice_member() : Want::value());
    if (is_choice) check_choice_categories(*call);
  }

  // All names of a choice must be built-ins of one category, since the hyper
  // is then called like the built-in it picks. A name in several categories
  // (`exp`: activation and math) keeps them all until another name decides.
  void check_choice_categories(const Call& call) {
    std::vector<Category> common;
    const Name* first = nullptr;
    Category first_category{};
    for (const auto& arg : call.args) {
      auto* n = std::get_if<Name>(&p_.expr(arg.value).node);
      const Symbol* s = res_.at(arg.value);
      if (!n || !s || s->kind != Symbol::Kind::Builtin) continue;
      std::vector<Category> mine;
      for (const auto& b : stdlib::all())
        if (b.name == n->name) mine.push_back(b.category);
      if (!first) { first = n; first_category = mine.front(); common = mine; continue; }
      std::vector<Category> both;
      for (auto c : common)
        if (std::find(mine.begin(), mine.end(), c) != mine.end()) both.push_back(c);
      if (both.empty()) {
        d_.report(diag::choice_mixes_categories(p_.expr(arg.value).span, first->name, first_category, n->name, mine.front()));
        return;
      }
      common = both;
    }
    if (common.empty()) return;
    for (const auto& arg : call.args)  // re-record each name as the built-in of the agreed category
      if (auto* n = std::get_if<Name>(&p_.expr(arg.value).node); n && res_.at(arg.value))
        if (auto* b = stdlib::find(n->name, common.front())) record(arg.value, builtin_symbol(*b));
  }

  // `if opt == sgd and layers > 1`: the left side names a hyper; a bare word
  // on the right is one of its values, checked by the space pass.
  void condition(ExprId id, const Scope& scope) {
    const auto& e = p_.expr(id);
    auto* bin = std::get_if<Binary>(&e.node);
    if (!bin) return expr(id, scope, Want::value());
    if (bin->op == BinaryOp::And || bin->op == BinaryOp::Or) {
      condition(bin->lhs, scope);
      condition(bin->rhs, scope);
      return;
    }
    expr(bin->lhs, scope, Want::value());
    if (auto* word = std::get_if<Name>(&p_.expr(bin->rhs).node)) {
      if (const Symbol* s = scope.find(word->name)) record(bin->rhs, *s);
      else if (auto* b = stdlib::find(word->name)) record(bin->rhs, builtin_symbol(*b));
      return;
    }
    expr(bin->rhs, scope, Want::value());
  }

  // ---- models -----------------------------------------------------------------
  void declare_params(Scope& scope, const Model& m) {
    int index = 0;
    for (const auto& item : m.items)
      if (auto* p = std::get_if<Param>(&item.node))
        declare(scope, p->name, {Symbol::Kind::Param, m.name + "." + p->name, m.name, index++, p->name_span});
  }

  void model(const Model& m) {
    Scope scope(&top_);
    ModelState state;
    state.model = &m;
    model_ = &state;
    for (size_t i = 0; i < m.inputs.size(); ++i) {
      const auto& in = m.inputs[i];
      declare(scope, in.name, {Symbol::Kind::Input, m.name + "." + in.name, m.name, static_cast<int>(i), in.name_span});
    }
    declare_params(scope, m);
    for (const auto& item : m.items)
      if (auto* h = std::get_if<Hyper>(&item.node))
        declare(scope, h->name, {Symbol::Kind::Hyper, m.name + "." + h->name, m.name, -1, h->name_span});
    for (const auto& item : m.items)
      if (auto* let = std::get_if<Let>(&item.node); let && !scope.own(let->name))
        state.later_locals.emplace(let->name, let->name_span);

    state.binding_dims = true;  // input and result shapes introduce F, C, ...
    for (const auto& in : m.inputs)
      for (ExprId d : in.shape) expr(d, scope, Want::shape(), &scope);
    if (m.result)
      for (ExprId d : *m.result) expr(d, scope, Want::shape(), &scope);
    state.binding_dims = false;

    for (size_t i = 0; i < m.items.size(); ++i) model_item(m, i, scope);
    model_ = nullptr;
  }

  void model_item(const Model& m, size_t i, Scope& scope) {
    const auto& node = m.items[i].node;
    if (auto* p = std::get_if<Param>(&node)) {
      for (ExprId d : p->shape) expr(d, scope, Want::shape(), &scope);
      expr(p->init, scope, Want::builtin({Category::Init}));
    } else if (auto* h = std::get_if<Hyper>(&node)) {
      hyper(*h, scope);
    } else if (auto* let = std::get_if<Let>(&node)) {
      expr(let->value, scope, Want::value());
      model_->later_locals.erase(let->name);
      const Symbol* existing = visible(scope, let->name);
      bool taken = existing && (existing->kind == Symbol::Kind::Param || existing->kind == Symbol::Kind::Hyper ||
                                existing->kind == Symbol::Kind::Input);
      if (taken) return;  // assigning a param / hyper / input: the kinds pass explains
      declare(scope, let->name, {Symbol::Kind::Local, m.name + "." + let->name, m.name, static_cast<int>(i), let->name_span});
    } else if (auto* ret = std::get_if<Return>(&node)) {
      expr(ret->value, scope, Want::value());
    } else if (auto* as = std::get_if<Assign>(&node)) {
      expr(as->target, scope, Want::value());
      expr(as->value, scope, Want::value());
    }
  }

  // ---- blocks -----------------------------------------------------------------
  void block(BlockKind kind, const std::vector<BlockItem>& items, const Scope& scope) {
    for (const auto& item : items) {
      const SettingSpec* spec = find_setting(kind, item.key);
      for (ExprId v : item.values) setting_value(kind, spec, v, scope);
    }
  }

  void setting_value(BlockKind kind, const SettingSpec* spec, ExprId v, const Scope& scope) {
    if (!spec) return expr(v, scope, Want::value());  // unknown setting: the kinds pass explains
    switch (spec->role) {
      case Role::Builtin: return expr(v, scope, Want::builtin({spec->category}));
      case Role::MetricNames: return expr(v, scope, Want::metric(kind == BlockKind::Report ? std::string(spec->key) : ""));
      case Role::Word:
        if (auto* n = std::get_if<Name>(&p_.expr(v).node);
            n && std::find(spec->words.begin(), spec->words.end(), n->name) != spec->words.end())
          return;
        return expr(v, scope, Want::value());
      case Role::Call: return stop_early(v, scope);
      default: return expr(v, scope, Want::value());
    }
  }

  void stop_early(ExprId v, const Scope& scope) {
    auto* call = std::get_if<Call>(&p_.expr(v).node);
    if (!call) return expr(v, scope, Want::value());
    for (const auto& arg : call->args)
      setting_value(BlockKind::StopEarly, find_setting(BlockKind::StopEarly, arg.name), arg.value, scope);
  }

  // ---- expressions ----------------------------------------------------------------
  void record(ExprId id, Symbol s) { res_.refs[id] = std::move(s); }

  // Iterative (an explicit stack) so that a 20,000-term sum cannot overflow
  // the call stack. `dims` is the model scope that learns new dimensions.
  void expr(ExprId root, const Scope& scope, const Want& root_want, Scope* dims = nullptr) {
    if (root == kNoExpr) return;
    std::vector<std::pair<ExprId, Want>> stack{{root, root_want}};
    while (!stack.empty()) {
      auto [id, want] = std::move(stack.back());
      stack.pop_back();
      const Expr& e = p_.expr(id);
      auto push_all = [&](const std::vector<ExprId>& ids, const Want& w) {
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) stack.push_back({*it, w});
      };
      Want operand = want.mode == Want::Mode::Shape ? Want::shape() : Want::value();
      if (auto* n = std::get_if<Name>(&e.node)) {
        name(id, n->name, e.span, scope, want, dims);
      } else if (std::holds_alternative<Member>(e.node)) {
        member(id, scope);
      } else if (auto* l = std::get_if<List>(&e.node)) {
        push_all(l->items, want.mode == Want::Mode::Metric ? want : operand);
      } else if (auto* u = std::get_if<Unary>(&e.node)) {
        stack.push_back({u->operand, operand});
      } else if (auto* b = std::get_if<Binary>(&e.node)) {
        stack.push_back({b->rhs, operand});
        stack.push_back({b->lhs, operand});
      } else if (auto* c = std::get_if<Call>(&e.node)) {
        call(*c, scope, want, stack);
      } else if (auto* ix = std::get_if<Index>(&e.node)) {
        push_all(ix->indices, Want::value());
        stack.push_back({ix->base, Want::value()});
      }
    }
  }

  void call(const Call& c, const Scope& scope, const Want& want, std::vector<std::pair<ExprId, Want>>& stack) {
    expr(c.callee, scope, want.mode == Want::Mode::Builtin ? want : Want::value());
    overload_by_arity(c);
    const Symbol* head = res_.at(c.callee);
    std::optional<Signature> sig;
    if (head && head->kind == Symbol::Kind::Builtin) sig = signature_of(stdlib::all()[head->index]);
    for (auto it = c.args.rbegin(); it != c.args.rend(); ++it) {
      if (sig && !it->name.empty())
        if (auto* spec = sig->find(it->name); spec && spec->arg && spec->arg->type == stdlib::ArgType::Word &&
                                              std::holds_alternative<Name>(p_.expr(it->value).node))
          continue;  // `task: regression`: a word read in the argument's own context (the kinds pass checks it), not a name
      if (sig && !it->name.empty() && !sig->find(it->name) && std::holds_alternative<Name>(p_.expr(it->value).node))
        continue;  // a word for an argument the built-in does not have: E0207 (kinds pass), not an undefined name
      stack.push_back({it->value, Want::value()});
    }
  }

  // Built-ins of one name in two categories (`max(x)` reduces a tensor,
  // `max(a, b)` compares numbers; `abs` is both an activation and scalar
  // math): when the one found does not take the call's positional count and
  // a namesake of a category the call may be does, the namesake is meant.
  void overload_by_arity(const Call& c) {
    const Symbol* head = res_.at(c.callee);
    if (!head || head->kind != Symbol::Kind::Builtin) return;
    const auto& found = stdlib::all()[head->index];
    long positional = std::count_if(c.args.begin(), c.args.end(), [](const auto& a) { return a.name.empty(); });
    auto takes = [&](const stdlib::Builtin& b) {
      return positional >= b.min_args && (b.max_args < 0 || positional <= b.max_args);
    };
    if (takes(found)) return;
    for (const auto& b : stdlib::all())
      if (&b != &found && b.name == found.name && b.category != found.category && takes(b))
        return record(c.callee, builtin_symbol(b));
  }

  void name(ExprId id, const std::string& n, Span at, const Scope& scope, const Want& want, Scope* dims) {
    if (want.mode == Want::Mode::Metric) return metric_name(id, n, at, want.metric_prefix);
    if (want.mode == Want::Mode::Builtin)
      for (auto c : want.categories)
        if (auto* b = stdlib::find(n, c)) return record(id, builtin_symbol(*b));
    if (want.mode != Want::Mode::ChoiceMember)
      if (const Symbol* s = visible(scope, n)) return record(id, *s);
    if (want.mode == Want::Mode::Shape) return dimension(id, n, at, dims);
    if (auto* b = stdlib::find(n)) return record(id, builtin_symbol(*b));
    if (const Symbol* s = scope.find(n); s && want.mode == Want::Mode::ChoiceMember)
      return void(d_.report(diag::choice_of_non_builtin(at, n, s->kind == Symbol::Kind::Model)));
    if (model_)
      if (auto later = model_->later_locals.find(n); later != model_->later_locals.end())
        return void(d_.report(diag::used_before_definition(at, n, later->second)));
    // Past the error cap nothing is shown, so skip the (costly) suggestion.
    bool flooded = d_.error_count() >= Diagnostics::kMaxErrors;
    if (!flooded)
      if (auto module = std_module_defining(n)) return void(d_.report(diag::undefined_std_model(at, n, *module)));
    const auto suggestion = flooded ? std::nullopt : closest(n, candidates(scope, want));
    if (!model_ && !suggestion && looks_like_size(n)) return void(d_.report(diag::undefined_data_size(at, n)));
    d_.report(diag::undefined_name(at, n, suggestion));
  }

  // `C`, `F`, `K2`: how sizes are written in shapes (one capital, maybe a digit).
  static bool looks_like_size(const std::string& n) {
    return (n.size() == 1 || (n.size() == 2 && std::isdigit(static_cast<unsigned char>(n[1])))) &&
           std::isupper(static_cast<unsigned char>(n[0]));
  }

  // What `n` means here. A model sees the top-level hypers and data of its
  // own file only: a library model (std.models' `h = relu(...)`, `x: [I]`)
  // must not pick up the importing script's `hyper h` or `hyper I`, which it
  // cannot know about.
  const Symbol* visible(const Scope& scope, const std::string& n) const {
    const Symbol* s = scope.find(n);
    bool top_level_value = s && s->owner.empty() && (s->kind == Symbol::Kind::Hyper || s->kind == Symbol::Kind::Data);
    if (top_level_value && model_ && s->decl.file != model_->model->name_span.file) return nullptr;
    return s;
  }

  // A name in a shape that nothing declares is a dimension symbol when it
  // appears in an input or result shape (bound by the data or the caller);
  // elsewhere it is a typo or an unbound size.
  void dimension(ExprId id, const std::string& n, Span at, Scope* dims) {
    if (!model_ || !dims) return void(d_.report(diag::undefined_name(at, n, std::nullopt)));
    const std::string& owner = model_->model->name;
    if (model_->binding_dims) {
      dims->add(n, {Symbol::Kind::DimSymbol, n, owner, -1, at});
      return record(id, *dims->own(n));
    }
    if (!model_->unbound_dims.insert(n).second) return;
    std::vector<std::string> visible, sizes;  // only names that can be sizes are worth suggesting
    dims->collect(visible);
    for (const auto& v : visible) {
      const Symbol* s = dims->find(v);
      const ModelInput* in = s->kind == Symbol::Kind::Input ? Decls::input(*model_->model, v) : nullptr;
      if (s->kind == Symbol::Kind::DimSymbol || s->kind == Symbol::Kind::Hyper || (in && in->is_int)) sizes.push_back(v);
    }
    d_.report(diag::undefined_dimension(at, n, owner, closest(n, sizes)));
  }

  // The metric a misspelt one means: by edit distance, or with scikit-learn's
  // `_score` suffix dropped (`f1score`, `accuracy_score`, `r2_score`).
  static std::optional<std::string> closest_metric(const std::string& n) {
    auto names = names_of(Category::Metric);
    if (auto c = closest(n, names)) return c;
    for (std::string_view suffix : {"_score", "score"})
      if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) {
        std::string stem = n.substr(0, n.size() - suffix.size());
        if (stdlib::find(stem, Category::Metric)) return stem;
        if (auto c = closest(stem, names)) return c;
      }
    return std::nullopt;
  }

  void metric_name(ExprId id, const std::string& n, Span at, const std::string& prefix) {
    const auto* b = stdlib::find(n, Category::Metric);
    if (!b) return void(d_.report(diag::unknown_metric(at, n, closest_metric(n))));
    Symbol s = builtin_symbol(*b);
    s.kind = Symbol::Kind::Metric;
    s.name = prefix.empty() ? n : prefix + "." + n;
    s.owner = prefix;
    record(id, std::move(s));
  }

  std::vector<std::string> candidates(const Scope& scope, const Want& want) const {
    std::vector<std::string> out;
    if (want.mode == Want::Mode::Builtin)
      for (auto c : want.categories) for (auto& n : names_of(c)) out.push_back(n);
    if (want.mode != Want::Mode::ChoiceMember) scope.collect(out);
    for (const auto& b : stdlib::all()) out.emplace_back(b.name);
    return out;
  }

  // ---- members ----------------------------------------------------------------------
  // mlp.W1, mlp.block1.W, iris.test, val.accuracy. The chain is walked from
  // its innermost base outwards, without recursion.
  void member(ExprId id, const Scope& scope) {
    std::vector<ExprId> chain{id};  // outermost first
    while (auto* m = std::get_if<Member>(&p_.expr(chain.back()).node)) chain.push_back(m->base);
    ExprId base = chain.back();
    chain.pop_back();
    std::optional<Symbol> cur;
    auto* base_name = std::get_if<Name>(&p_.expr(base).node);
    const auto& first = std::get<Member>(p_.expr(chain.back()).node);
    if (base_name && is_metric_prefix(base_name->name) && !scope.find(base_name->name)) {
      metric_member(chain.back(), base_name->name, first);
      chain.pop_back();
      if (chain.empty()) return;
      const auto& next = std::get<Member>(p_.expr(chain.back()).node);
      return void(d_.report(diag::no_members(next.member_span, base_name->name + "." + first.member, "a metric")));
    }
    expr(base, scope, Want::value());
    if (const Symbol* s = res_.at(base)) cur = *s;
    while (cur && !chain.empty()) {
      ExprId mid = chain.back();
      chain.pop_back();
      cur = step(*cur, std::get<Member>(p_.expr(mid).node));
      if (cur) record(mid, *cur);
    }
  }

  void metric_member(ExprId id, const std::string& prefix, const Member& m) {
    const auto* b = stdlib::find(m.member, Category::Metric);
    if (!b) return void(d_.report(diag::unknown_metric(m.member_span, m.member, closest_metric(m.member))));
    Symbol s = builtin_symbol(*b);
    s.kind = Symbol::Kind::Metric;
    s.name = prefix + "." + m.member;
    s.owner = prefix;
    record(id, std::move(s));
  }

  // What `base.member` means, given what `base` means; reports and returns
  // nullopt when there is no such member.
  std::optional<Symbol> step(const Symbol& base, const Member& m) {
    switch (base.kind) {
      case Symbol::Kind::Model:
        return model_member(*decls_.model(base.name), base.name, m);
      case Symbol::Kind::Local: {
        std::string local = base.name.substr(base.name.rfind('.') + 1);
        auto site = call_sites_.find(base.owner + "." + local);
        if (site != call_sites_.end()) return model_member(*decls_.model(site->second), base.name, m);
        d_.report(diag::no_members(m.member_span, base.name, "a local value (not a call of a model)"));
        return std::nullopt;
      }
      case Symbol::Kind::Data:
        if (is_split_part(m.member)) return Symbol{Symbol::Kind::SplitPart, base.name + "." + m.member, base.name, -1, base.decl};
        d_.report(diag::unknown_member(m.member_span, "data set `" + base.name + "`", "split", m.member,
                                       closest(m.member, {"train", "val", "test"}), "train, val, test"));
        return std::nullopt;
      default:
        d_.report(diag::no_members(m.member_span, base.name, kind_phrase(base.kind)));
        return std::nullopt;
    }
  }

  // A param of `model` (or a call site inside it) reached through `path`.
  std::optional<Symbol> model_member(const Model& model, const std::string& path, const Member& m) {
    int index = Decls::param_index(model, m.member);
    if (index >= 0)
      return Symbol{Symbol::Kind::Param, path + "." + m.member, model.name, index, Decls::param(model, m.member)->name_span};
    std::vector<std::string> known;
    for (const auto& item : model.items)
      if (auto* p = std::get_if<Param>(&item.node)) known.push_back(p->name);
    if (auto sites = sites_of_.find(model.name); sites != sites_of_.end())
      for (const auto& site : sites->second) {
        if (site.name == m.member) return Symbol{Symbol::Kind::Local, path + "." + m.member, model.name, -1, site.span};
        known.push_back(site.name);
      }
    d_.report(diag::unknown_member(m.member_span, "model `" + model.name + "`", "parameter", m.member,
                                   closest(m.member, known), known_list(known)));
    return std::nullopt;
  }

  static std::string kind_phrase(Symbol::Kind k) {
    switch (k) {
      case Symbol::Kind::Hyper: return "a hyperparameter";
      case Symbol::Kind::SplitPart: return "a split of a data set";
      case Symbol::Kind::Param: return "a parameter";
      case Symbol::Kind::Input: return "a model input";
      case Symbol::Kind::Batch: return "the batch";
      case Symbol::Kind::DimSymbol: return "a dimension";
      case Symbol::Kind::Builtin: return "a built-in";
      case Symbol::Kind::Metric: return "a metric";
      default: return "a value";
    }
  }
};

}  // namespace

Resolution resolve(const ast::Program& program, Diagnostics& diags) { return Resolver(program, diags).run(); }

}  // namespace xp
