// Calls and values: what can be called, with which arguments, and what can
// be used as a number.
#include <algorithm>
#include <climits>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/diags/kinds.h"
#include "base/plural.h"
#include "compiler/passes/kinds_context.h"
#include "compiler/passes/literal.h"
#include "compiler/passes/signature.h"
#include "compiler/passes/walk.h"
#include "base/suggest.h"

namespace xp {
namespace {

using namespace ast;
using stdlib::Category;

// What one call accepts, merged over the built-ins it may be.
struct Accepts {
  int min = INT_MAX, max = 0;  // max -1: variadic
  std::vector<std::string> names;
  std::string signature;
  void add(int lo, int hi, const std::vector<std::string>& n, std::string_view sig) {
    min = std::min(min, lo);
    max = (max < 0 || hi < 0) ? -1 : std::max(max, hi);
    for (const auto& x : n)
      if (std::find(names.begin(), names.end(), x) == names.end()) names.push_back(x);
    if (!signature.empty()) signature += "` or `";
    signature += sig;
  }
};

class CallChecker {
 public:
  explicit CallChecker(const KindContext& cx) : cx_(cx) {}

  void run(ExprId root) {
    walk(cx_.program, root, [&](ExprId, const Expr& e) {
      if (auto* c = std::get_if<Call>(&e.node)) call(*c, e.span);
      else if (auto* b = std::get_if<Binary>(&e.node)) { value(b->lhs); value(b->rhs); }
      else if (auto* u = std::get_if<Unary>(&e.node)) value(u->operand);
      else if (auto* ix = std::get_if<Index>(&e.node)) value(ix->base);
    });
  }

  // A name used where a number or a tensor is needed.
  void value(ExprId id) const {
    const Symbol* s = cx_.at(id);
    if (!s) return;
    const std::string& n = s->name;
    switch (s->kind) {
      case Symbol::Kind::Model:
        return report_value(id, *s, fmt::format("call it on an input: `{}(x)`", n));
      case Symbol::Kind::Data:
      case Symbol::Kind::SplitPart:
        return report_value(id, *s, "data is read by `train MODEL on DATA`, not used in expressions");
      case Symbol::Kind::Builtin:
        if (stdlib::all()[s->index].category == Category::Constant) return;
        return report_value(id, *s, fmt::format("call it: `{}`", stdlib::signature(stdlib::all()[s->index])));
      case Symbol::Kind::Hyper:
        if (!cx_.picks(*s).empty()) return report_value(id, *s, fmt::format("call it like the built-in it picks: `{}(...)`", n));
        return;
      default:
        return;
    }
  }

 private:
  const KindContext& cx_;

  void report_value(ExprId id, const Symbol& s, std::string help) const {
    cx_.diags.report(diag::not_a_value(cx_.expr(id).span, s.name, cx_.phrase(s), std::move(help)));
  }

  void call(const Call& c, Span span) {
    const Symbol* s = cx_.at(c.callee);
    if (!s) return;
    Span callee_span = cx_.expr(c.callee).span;
    switch (s->kind) {
      case Symbol::Kind::Builtin: return builtin_call(c, span, stdlib::all()[s->index]);
      case Symbol::Kind::Model: return model_call(c, span, *s);
      case Symbol::Kind::Hyper: {
        auto picks = cx_.picks(*s);
        if (picks.empty()) return void(cx_.diags.report(diag::not_callable(callee_span, s->name, cx_.phrase(*s))));
        Accepts acc;
        for (auto* b : picks) acc.add(b->min_args, b->max_args, signature_of(*b).names(), stdlib::signature(*b));
        arguments(c, span, s->name, acc);
        for (const auto& a : c.args) value(a.value);
        return;
      }
      default:
        cx_.diags.report(diag::not_callable(callee_span, s->name, cx_.phrase(*s)));
    }
  }

  void builtin_call(const Call& c, Span span, const stdlib::Builtin& b) {
    if (b.category == Category::Space) return;  // search spaces: the space pass checks them whole
    Accepts acc;
    acc.add(b.min_args, b.max_args, signature_of(b).names(), stdlib::signature(b));
    arguments(c, span, b.name, acc, false, &b);
    size_t position = 0;
    for (const auto& a : c.args) {
      // Positional arguments fill the declared ones in order (`step(10, 0.5)`).
      const stdlib::Arg* spec = a.name.empty() ? (position < b.args.size() ? &b.args[position] : nullptr) : b.arg(a.name);
      if (a.name.empty()) ++position;
      if (spec) argument_value(b, *spec, a.value);
      if (b.category == Category::Penalty && a.name.empty()) penalty_argument(a.value, b.name);
      // A bare word given to an unknown argument (`mse(p, y, class_weight: balanced)`) is not a name to
      // check: E0207 says what is wrong.
      else if (spec ? spec->type != stdlib::ArgType::Word : !std::holds_alternative<Name>(cx_.expr(a.value).node))
        value(a.value);
    }
  }

  // A literal value checked against the argument's registry entry: its type,
  // bounds and words (the runtime applies the same ones).
  void argument_value(const stdlib::Builtin& b, const stdlib::Arg& spec, ExprId v) const {
    using stdlib::ArgType;
    if (b.category == Category::Generator) return;  // E0808's, with the size limit (data_options.cpp)
    const Expr& e = cx_.expr(v);
    if (spec.type == ArgType::Word) {
      std::string word;
      if (auto* n = std::get_if<Name>(&e.node)) word = n->name;
      else if (auto* str = std::get_if<String>(&e.node)) word = str->value;
      else return;
      if (spec.accepts_word(word)) return;
      std::vector<std::string> words(spec.words.begin(), spec.words.end());
      cx_.diags.report(diag::argument_out_of_range(e.span, b.name, spec, fmt::format("`{}`", word), closest(word, words)));
      return;
    }
    if (spec.type != ArgType::Number && spec.type != ArgType::Int && spec.type != ArgType::Bool) return;
    if (const Symbol* s = cx_.at(v); spec.type == ArgType::Bool && s && s->kind == Symbol::Kind::Input) {
      // An integer input is a size, at least 1 at every call: it can never say no.
      auto d = diag::argument_out_of_range(e.span, b.name, spec, fmt::format("`{}`, a model input", s->name.substr(s->name.rfind('.') + 1)));
      d.help = fmt::format("a model's integer inputs are sizes (at least 1), so one cannot say no; read a yes/no hyper in "
                           "the model instead (`hyper {0} ~ choice(true, false)`, then `{0}: {0}`)", spec.name);
      cx_.diags.report(std::move(d));
      return;
    }
    auto n = literal_number(cx_.program, v);
    if (!n) return;  // a hyper or an expression: the runtime checks the value it takes
    if (!spec.accepts(*n)) cx_.diags.report(diag::argument_out_of_range(e.span, b.name, spec, literal_text(cx_.program, v)));
  }

  // l1 / l2 sum over learned parameters: training differentiates with
  // respect to parameters only, never a hyper.
  void penalty_argument(ExprId id, std::string_view penalty) const {
    const Symbol* s = cx_.at(id);
    if (s && s->kind == Symbol::Kind::Param) return;
    auto* n = std::get_if<Name>(&cx_.expr(id).node);
    std::string shown = s ? s->name : n ? n->name : "this expression";
    cx_.diags.report(diag::wrong_kind(cx_.expr(id).span, "a parameter", shown, s ? cx_.phrase(*s) : "an expression",
                                      fmt::format("`{}` penalises learned parameters such as `{}(W1, W2)`; training "
                                                  "never differentiates with respect to a hyperparameter",
                                                  penalty, penalty)));
  }

  void model_call(const Call& c, Span span, const Symbol& s) {
    const Model* m = cx_.decls.model(s.name);
    if (!m) return;
    Accepts acc;
    std::vector<std::string> names;
    std::string sig = s.name + "(";
    for (const auto& in : m->inputs) {
      names.push_back(in.name);
      sig += (names.size() > 1 ? ", " : "") + in.name;
    }
    int n = static_cast<int>(m->inputs.size());
    acc.add(n, n, names, sig + ")");
    arguments(c, span, s.name, acc, /*named_count_as_positional=*/true);
    for (const auto& a : c.args) value(a.value);
  }

  // Positional count, then named arguments: each known and given once.
  void arguments(const Call& c, Span span, std::string_view callee, const Accepts& acc,
                 bool named_count_as_positional = false, const stdlib::Builtin* builtin = nullptr) const {
    int positional = 0, named = 0;
    for (const auto& a : c.args) (a.name.empty() ? positional : named)++;
    int given = positional + (named_count_as_positional ? named : 0);
    bool fits = given >= acc.min && (acc.max < 0 || given <= acc.max);
    if (!fits)
      cx_.diags.report(diag::wrong_arity(span, callee, diag::arguments_text(acc.min, acc.max), static_cast<size_t>(given), acc.signature));
    std::unordered_map<std::string, Span> seen;  // argument name → where it was first given
    for (size_t i = 0; i < c.args.size(); ++i) {
      const auto& a = c.args[i];
      if (a.name.empty()) {
        if (i < acc.names.size()) seen.emplace(acc.names[i], cx_.expr(a.value).span);
        continue;
      }
      if (std::find(acc.names.begin(), acc.names.end(), a.name) == acc.names.end()) {
        Diagnostic d = diag::unknown_argument(a.name_span, callee, a.name, closest(a.name, acc.names), known_list(acc.names));
        // Its namesakes that take it (`class_weight` on a regression loss: the classification losses do).
        std::string owners;
        for (const auto& o : builtin ? stdlib::all() : std::span<const stdlib::Builtin>{})
          if (o.category == builtin->category && o.arg(a.name)) owners += (owners.empty() ? "`" : ", `") + std::string(o.name) + "`";
        if (!owners.empty()) d.notes.push_back(fmt::format("`{}` is an argument of {}", a.name, owners));
        cx_.diags.report(std::move(d));
        continue;
      }
      auto [first, fresh] = seen.emplace(a.name, a.name_span);
      if (!fresh) cx_.diags.report(diag::duplicate_argument(a.name_span, callee, a.name, first->second));
    }
  }
};

}  // namespace

void verify_calls_and_values(const KindContext& cx, ExprId root) { CallChecker(cx).run(root); }

}  // namespace xp
