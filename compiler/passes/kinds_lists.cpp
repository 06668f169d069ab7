// Lists where one value is expected (E0213). A list literal is a value only
// in `csv(..., target: [...], columns: [...])` and as a shape argument (`reshape(x, shape: [8, 8, 1])`); shapes (`x: [F]`, `param W: [F, 8]`) are
// their own syntax, not list expressions. Every other list would reach a
// place that reads one number, one name or one tensor (a setting, a hyper,
// an argument, a model's arithmetic), so the whole expression arena is
// scanned once here instead of each of those places checking on its own.
#include <map>

#include <fmt/format.h>

#include "compiler/diags/kinds.h"
#include "compiler/passes/block_settings.h"
#include "compiler/passes/kinds_context.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

using namespace ast;

constexpr const char* kWhereListsGo = "a list is written only in `csv(..., columns: [...], drop: [...])`";

// What the expression tree a list sits in is the value of, for the hint.
struct Root {
  enum class Kind { Other, Setting, Colon, Hyper, Model } kind = Kind::Other;
  std::string name;  // the setting's key or the hyper's name
};

class ListChecker {
 public:
  explicit ListChecker(const KindContext& cx) : cx_(cx), parent_(cx.program.exprs.size(), kNoExpr) {}

  void run() {
    link_parents();
    note_roots();
    allow_shapes();
    const auto& exprs = cx_.program.exprs;
    for (ExprId id = 0; id < exprs.size(); ++id) {
      if (!std::holds_alternative<List>(exprs[id].node) || allowed_.count(id)) continue;
      ExprId up = parent_[id];
      bool inside_reported = up != kNoExpr && std::holds_alternative<List>(exprs[up].node) && !allowed_.count(up);
      if (!inside_reported) cx_.diags.report(diag::list_not_a_value(exprs[id].span, hint(id)));
    }
  }

 private:
  const KindContext& cx_;
  std::vector<ExprId> parent_;
  std::vector<std::string> arg_name_;  // for a call argument: its name ("" when positional)
  std::map<ExprId, Root> roots_;
  std::map<ExprId, bool> allowed_;

  void link_parents() {
    const auto& exprs = cx_.program.exprs;
    arg_name_.assign(exprs.size(), "");
    for (ExprId id = 0; id < exprs.size(); ++id) {
      const auto& node = exprs[id].node;
      auto link = [&](ExprId child) {
        if (child < parent_.size()) parent_[child] = id;
      };
      if (auto* m = std::get_if<Member>(&node)) link(m->base);
      else if (auto* l = std::get_if<List>(&node)) for (ExprId c : l->items) link(c);
      else if (auto* u = std::get_if<Unary>(&node)) link(u->operand);
      else if (auto* b = std::get_if<Binary>(&node)) { link(b->lhs); link(b->rhs); }
      else if (auto* ix = std::get_if<Index>(&node)) { link(ix->base); for (ExprId c : ix->indices) link(c); }
      else if (auto* c = std::get_if<Call>(&node)) {
        link(c->callee);
        for (const auto& a : c->args) {
          link(a.value);
          if (a.value < arg_name_.size()) arg_name_[a.value] = a.name;
        }
      }
    }
  }

  void note_roots() {
    for (const auto& stmt : cx_.program.stmts) {
      if (auto* d = std::get_if<Data>(&stmt.node)) allow_columns(d->source);
      else if (auto* h = std::get_if<Hyper>(&stmt.node)) roots_[h->value] = {Root::Kind::Hyper, h->name};
      else if (auto* s = std::get_if<Split>(&stmt.node)) for (const auto& o : s->options) roots_[o.value] = {Root::Kind::Setting, o.name};
      else if (auto* t = std::get_if<Train>(&stmt.node)) block(BlockKind::Train, t->items);
      else if (auto* t = std::get_if<Tune>(&stmt.node)) block(BlockKind::Tune, t->items);
      else if (auto* r = std::get_if<Report>(&stmt.node)) block(BlockKind::Report, r->items);
      else if (auto* m = std::get_if<Model>(&stmt.node)) model(*m);
    }
  }
  // A built-in's argument of type Shape (`reshape(x, shape: [8, 8, 1])`) is a list of sizes; Axes
  // (`permute(x, axes: [1, 0])`) a list of axis numbers.
  void allow_shapes() {
    const auto& exprs = cx_.program.exprs;
    for (ExprId id = 0; id < exprs.size(); ++id) {
      auto* call = std::get_if<Call>(&exprs[id].node);
      auto* callee = call ? std::get_if<Name>(&cx_.expr(call->callee).node) : nullptr;
      const stdlib::Builtin* b = callee ? stdlib::find(callee->name, stdlib::Category::Tensor) : nullptr;
      if (!b) continue;
      for (const auto& a : call->args) {
        const stdlib::Arg* spec = a.name.empty() ? nullptr : b->arg(a.name);
        const bool list_arg = spec && (spec->type == stdlib::ArgType::Shape || spec->type == stdlib::ArgType::Axes);
        if (list_arg && std::holds_alternative<List>(cx_.expr(a.value).node))
          allowed_[a.value] = true;
      }
    }
  }
  void allow_columns(ExprId source) {
    auto* call = std::get_if<Call>(&cx_.expr(source).node);
    auto* callee = call ? std::get_if<Name>(&cx_.expr(call->callee).node) : nullptr;
    const stdlib::Builtin* entry = nullptr;
    for (auto c : {stdlib::Category::Source, stdlib::Category::Dataset})
      if (!entry && callee) entry = stdlib::find(callee->name, c);
    if (!entry) return;
    // `columns:`, `drop:` (the registry's Strings options) and `shape:` (a Shape)
    auto is_list_option = [&](const std::string& name) {
      for (const auto& arg : entry->args)
        if (arg.named && arg.name == name)
          return arg.type == stdlib::ArgType::Strings || arg.type == stdlib::ArgType::Shape;
      return false;
    };
    // `target:` of a CSV: one column, or a list of several (verify_table_options checks its items).
    auto is_target_list = [&](const std::string& name) { return name == "target" && entry->name == "csv"; };
    for (const auto& a : call->args)
      if ((is_list_option(a.name) || is_target_list(a.name)) && std::holds_alternative<List>(cx_.expr(a.value).node))
        allowed_[a.value] = true;
  }
  // A setting that takes several names (`metrics: rmse, mae`) gets the
  // colon form as its hint, whichever way the list was written.
  void block(BlockKind kind, const std::vector<BlockItem>& items) {
    for (const auto& item : items) {
      const SettingSpec* spec = find_setting(kind, item.key);
      bool names = item.kind == BlockItem::Kind::Colon || (spec && spec->role == Role::MetricNames);
      for (ExprId v : item.values) roots_[v] = {names ? Root::Kind::Colon : Root::Kind::Setting, item.key};
    }
  }
  void model(const Model& m) {
    for (const auto& item : m.items) {
      if (auto* h = std::get_if<Hyper>(&item.node)) roots_[h->value] = {Root::Kind::Hyper, h->name};
      else if (auto* let = std::get_if<Let>(&item.node)) roots_[let->value] = {Root::Kind::Model, m.name};
      else if (auto* r = std::get_if<Return>(&item.node)) roots_[r->value] = {Root::Kind::Model, m.name};
      else if (auto* a = std::get_if<Assign>(&item.node)) roots_[a->value] = {Root::Kind::Model, m.name};
    }
  }

  std::string callee_text(ExprId callee) const {
    const auto& node = cx_.expr(callee).node;
    if (auto* n = std::get_if<Name>(&node)) return n->name;
    if (auto* m = std::get_if<Member>(&node)) return callee_text(m->base) + "." + m->member;
    return "the call";
  }

  std::string hint(ExprId list) const {
    // `[5]`: the value itself, bracketed; `[64, 32]`: several values.
    bool single = std::get<List>(cx_.expr(list).node).items.size() == 1;
    std::string fix = single ? "write it without the brackets" : kWhereListsGo;
    ExprId up = parent_[list];
    if (up != kNoExpr)
      if (auto* c = std::get_if<Call>(&cx_.expr(up).node)) {
        const std::string& arg = arg_name_[list];
        if (arg.empty() && callee_text(c->callee) == "choice")
          return "the options of `choice` are its arguments: drop the brackets, `choice(a, b)`";
        std::string which = arg.empty() ? "each argument" : fmt::format("`{}`", arg);
        return fmt::format("{} of `{}` is one value; {}", which, callee_text(c->callee), fix);
      }
    ExprId root = list;
    while (parent_[root] != kNoExpr) root = parent_[root];
    auto it = roots_.find(root);
    Root r = it == roots_.end() ? Root{} : it->second;
    if (root != list && r.kind != Root::Kind::Model) r.kind = Root::Kind::Other;
    switch (r.kind) {
      case Root::Kind::Colon:
        return fmt::format("list several values without brackets: `{}: a, b`", r.name);
      case Root::Kind::Setting:
        return fmt::format("`{}` takes one value; {}", r.name, fix);
      case Root::Kind::Hyper:
        return fmt::format("a hyperparameter holds one value; to try several, search them: `hyper {} ~ choice(a, b)`", r.name);
      case Root::Kind::Model:
        return "a model computes with its inputs, params and numbers; a constant vector is not supported: a number "
               "broadcasts to any shape, and `param v: [n]` learns a vector";
      case Root::Kind::Other: break;
    }
    return kWhereListsGo;
  }
};

}  // namespace

void verify_lists(const KindContext& cx) { ListChecker(cx).run(); }

}  // namespace xp
