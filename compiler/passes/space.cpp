#include "compiler/passes/space.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/diags/kinds.h"
#include "base/plural.h"
#include "compiler/diags/space.h"
#include "compiler/diags/warnings.h"
#include "ir/ir.h"
#include "compiler/passes/literal.h"
#include "compiler/passes/signature.h"
#include "base/suggest.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

using namespace ast;

// One value a hyper can take, as written.
struct Option {
  enum class Kind { Number, Name, String } kind = Kind::Number;
  double number = 0;
  std::string text;
  Span span;
  std::string shown() const { return kind == Kind::Number ? fmt::format("{}", number) : kind == Kind::String ? "\"" + text + "\"" : text; }
};
const char* kind_name(Option::Kind k) {
  return k == Option::Kind::Number ? "numbers" : k == Option::Kind::Name ? "names" : "strings";
}

// The values a hyper can take, as far as conditions need to know.
struct Domain {
  enum class Kind { Unknown, Options, Range } kind = Kind::Unknown;
  std::vector<Option> options;  // Options (a choice, or a fixed value)
  double low = 0, high = 0;     // Range
  bool integer = false;
  std::string space;            // uniform / loguniform / int / choice
  std::string describe() const {
    if (kind == Kind::Range)
      return fmt::format("{} from {} to {}", integer ? "whole numbers" : "values", low, high);
    std::string out = options.size() == 1 ? "only " : "one of ";
    for (size_t i = 0; i < options.size(); ++i) out += (i ? ", " : "") + options[i].shown();
    return out;
  }
};

bool is_whole(double v) { return std::isfinite(v) && v == std::floor(v); }


struct HyperRef {
  const Hyper* hyper;
  std::string name;  // canonical ("lr", "mlp.units")
  int stmt;          // statement index (of its model, when scoped)
};

class SpaceChecker {
 public:
  SpaceChecker(const Program& p, const Resolution& r, Diagnostics& d) : p_(p), r_(r), d_(d) {}

  void run() {
    std::vector<HyperRef> hypers;
    for (size_t i = 0; i < p_.stmts.size(); ++i) {
      const auto& stmt = p_.stmts[i];
      int index = static_cast<int>(i);
      if (auto* h = std::get_if<Hyper>(&stmt.node)) hypers.push_back({h, h->name, index});
      if (auto* m = std::get_if<Model>(&stmt.node))
        for (const auto& item : m->items)
          if (auto* h = std::get_if<Hyper>(&item.node)) hypers.push_back({h, m->name + "." + h->name, index});
    }
    for (const auto& h : hypers) domains_[h.name] = h.hyper->searched ? space(*h.hyper, h.name) : fixed(*h.hyper);
    for (const auto& h : hypers)
      if (h.hyper->condition != kNoExpr) condition(h, h.hyper->condition);
  }

 private:
  const Program& p_;
  const Resolution& r_;
  Diagnostics& d_;
  std::map<std::string, Domain> domains_;
  std::optional<Option> option(ExprId id) const {
    const auto& e = p_.expr(id);
    if (auto n = literal_number(p_, id)) return Option{Option::Kind::Number, *n, "", e.span};
    if (auto* s = std::get_if<String>(&e.node)) return Option{Option::Kind::String, 0, s->value, e.span};
    if (auto* n = std::get_if<Name>(&e.node)) return Option{Option::Kind::Name, 0, n->name, e.span};
    return std::nullopt;
  }

  Domain fixed(const Hyper& h) const {
    Domain d;
    if (auto o = option(h.value)) {
      d.kind = Domain::Kind::Options;
      d.options.push_back(*o);
    }
    return d;
  }

  // ---- spaces ---------------------------------------------------------------------------------
  Domain space(const Hyper& h, const std::string& name) {
    const Expr& e = p_.expr(h.value);
    auto* call = std::get_if<Call>(&e.node);
    const Symbol* head = call ? r_.at(call->callee) : nullptr;
    if (!call) {
      bool literal_value = option(h.value).has_value();
      std::string found = literal_value ? fmt::format("the value `{}`", option(h.value)->shown()) : "an expression";
      d_.report(diag::not_a_space(e.span, found, literal_value));
      return {};
    }
    if (!head) return {};  // unresolved: reported by resolve
    if (head->kind != Symbol::Kind::Builtin || stdlib::all()[head->index].category != stdlib::Category::Space) {
      d_.report(diag::not_a_space(p_.expr(call->callee).span, fmt::format("`{}(...)`", head->name), false));
      return {};
    }
    const auto& b = stdlib::all()[head->index];
    if (!arguments(*call, e.span, b)) return {};
    Domain d = b.name == "choice" ? choice(*call, e.span) : range(*call, b.name);
    d.space = std::string(b.name);
    return d;
  }

  // Arity and named arguments of uniform / loguniform / int / choice.
  bool arguments(const Call& call, Span at, const stdlib::Builtin& b) {
    Signature sig = signature_of(b);
    int positional = 0;
    bool ok = true;
    for (const auto& a : call.args) {
      if (a.name.empty()) { ++positional; continue; }
      if (!sig.find(a.name) || (sig.find(a.name) && !sig.find(a.name)->named)) {
        std::vector<std::string> named;
        for (const auto& s : sig.args)
          if (s.named) named.push_back(s.name);
        std::string known;
        for (const auto& n : named) known += (known.empty() ? "" : ", ") + n;
        d_.report(diag::unknown_argument(a.name_span, b.name, a.name, closest(a.name, named), known));
        ok = false;
      }
    }
    if (b.name == "choice" && positional == 0) {
      d_.report(diag::empty_choice(at));
      return false;
    }
    if (positional < b.min_args || (b.max_args >= 0 && positional > b.max_args)) {
      d_.report(diag::wrong_arity(at, b.name, diag::arguments_text(b.min_args, b.max_args), static_cast<size_t>(positional), stdlib::signature(b)));
      return false;
    }
    return ok;
  }

  Domain choice(const Call& call, Span) {
    Domain d;
    d.kind = Domain::Kind::Options;
    // Where each value was first listed; hashed, so a 200,000-value choice stays linear.
    std::unordered_map<double, Span> numbers;
    std::unordered_map<std::string, Span> words;
    for (const auto& a : call.args) {
      auto o = option(a.value);
      if (!o) {
        // A list here already has E0214 (a list where one value is expected).
        if (!std::holds_alternative<List>(p_.expr(a.value).node))
          d_.report(diag::space_value_not_literal(p_.expr(a.value).span, "choice"));
        return {};
      }
      if (!d.options.empty() && o->kind != d.options.front().kind) {
        d_.report(diag::choice_mixes_kinds(o->span, kind_name(d.options.front().kind), kind_name(o->kind)));
        return {};
      }
      std::optional<Span> first;
      if (o->kind == Option::Kind::Number) {
        if (auto [it, fresh] = numbers.emplace(o->number, o->span); !fresh) first = it->second;
      } else if (auto [it, fresh] = words.emplace(o->text, o->span); !fresh) {
        first = it->second;
      }
      if (first) d_.report(diag::duplicate_choice(o->span, o->shown(), *first));
      d.options.push_back(*o);
    }
    d.integer = d.options.front().kind == Option::Kind::Number;
    for (const auto& o : d.options) d.integer = d.integer && is_whole(o.number);
    return d;
  }

  Domain range(const Call& call, std::string_view space) {
    ExprId low_id = kNoExpr, high_id = kNoExpr, step_id = kNoExpr, log_id = kNoExpr;
    for (const auto& a : call.args) {
      if (a.name.empty()) (low_id == kNoExpr ? low_id : high_id) = a.value;
      else if (a.name == "step") step_id = a.value;
      else if (a.name == "log") log_id = a.value;
    }
    auto number = [&](ExprId id) -> std::optional<double> {
      auto v = literal_number(p_, id);
      const Symbol* s = r_.at(id);
      if (!v && s && s->kind == Symbol::Kind::Param) return v;  // rule 2, reported by the kinds pass
      if (!v) d_.report(diag::space_value_not_literal(p_.expr(id).span, space));
      return v;
    };
    auto low = number(low_id), high = number(high_id);
    bool has_step = step_id != kNoExpr;
    std::optional<double> step_value = has_step ? number(step_id) : std::optional<double>(1.0);
    if (!low || !high || !step_value) return {};
    double step = *step_value;
    bool log = space == "loguniform" || is_true(log_id);
    bool integer = space == "int";
    Span low_at = p_.expr(low_id).span, high_at = p_.expr(high_id).span;
    Domain d;
    d.kind = Domain::Kind::Range;
    d.low = *low;
    d.high = *high;
    d.integer = integer;
    if (integer) {
      if (!is_whole(*low)) return report(diag::int_bound_not_integer(low_at, "low bound", *low));
      if (!is_whole(*high)) return report(diag::int_bound_not_integer(high_at, "high bound", *high));
      if (has_step && !is_whole(step)) return report(diag::int_bound_not_integer(p_.expr(step_id).span, "step", step));
    }
    if (log && *low <= 0) return report(diag::log_bound_not_positive(low_at, space, *low));
    if (log && *high <= 0) return report(diag::log_bound_not_positive(high_at, space, *high));
    if (*low >= *high) return report(diag::low_not_below_high(Span{low_at.file, low_at.begin, high_at.end}, *low, *high));
    if (has_step && step <= 0) return report(diag::step_not_positive(p_.expr(step_id).span, step));
    Span whole{low_at.file, low_at.begin, has_step ? p_.expr(step_id).span.end : high_at.end};
    if (has_step) {
      double n = (*high - *low) / step;
      if (std::abs(n - std::round(n)) > 1e-9 * std::max(1.0, n))
        d_.report(diag::step_does_not_divide(whole, *low, *high, step, *low + std::floor(n) * step));
    }
    if (!log && *low > 0 && *high / *low >= 1000)
      d_.report(diag::wide_linear_range(Span{low_at.file, low_at.begin, high_at.end}, *low, *high,
                                        integer ? fmt::format("`int({}, {}, log: true)`", literal_text(p_, low_id), literal_text(p_, high_id))
                                                : fmt::format("`loguniform({}, {})`", literal_text(p_, low_id), literal_text(p_, high_id))));
    return d;
  }
  Domain report(Diagnostic d) {
    d_.report(std::move(d));
    return {};
  }
  bool is_true(ExprId id) const {
    if (id == kNoExpr) return false;
    if (auto* n = std::get_if<Name>(&p_.expr(id).node)) return n->name == "true";
    auto v = literal_number(p_, id);
    return v && *v != 0;
  }

  // ---- conditions ---------------------------------------------------------------------------
  void condition(const HyperRef& h, ExprId root) {
    std::vector<ExprId> stack{root};
    while (!stack.empty()) {
      ExprId id = stack.back();
      stack.pop_back();
      auto* b = std::get_if<Binary>(&p_.expr(id).node);
      if (b && b->op == BinaryOp::And) {
        stack.push_back(b->rhs);
        stack.push_back(b->lhs);
      } else if (b && ast::comparison(b->op)) {
        comparison(h, id, *b);
      } else {
        d_.report(diag::unsupported_condition(p_.expr(id).span));
      }
    }
  }

  void comparison(const HyperRef& h, ExprId id, const Binary& b) {
    const Expr& lhs = p_.expr(b.lhs);
    auto* lhs_name = std::get_if<Name>(&lhs.node);
    auto value = option(b.rhs);
    if (!lhs_name || !value) return void(d_.report(diag::unsupported_condition(p_.expr(id).span)));
    const Symbol* s = r_.at(b.lhs);
    if (!s) return;  // undefined: reported by resolve
    if (s->kind != Symbol::Kind::Hyper) return void(d_.report(diag::condition_not_on_hyper(lhs.span, lhs_name->name, kind_of(*s))));
    if (s->name == h.name) return void(d_.report(diag::condition_on_itself(lhs.span, lhs_name->name)));
    // Top-level hypers are ordered by statement (imports merge files); a
    // hyper scoped to the same model by its place in the model body.
    bool later = s->owner.empty() ? s->index >= h.stmt
                                  : s->decl.begin >= h.hyper->name_span.begin;
    if (later)
      return void(d_.report(diag::condition_refers_forward(lhs.span, lhs_name->name, s->decl)));
    auto it = domains_.find(s->name);
    if (it == domains_.end() || it->second.kind == Domain::Kind::Unknown) return;
    if (value->kind != Option::Kind::Number && b.op != BinaryOp::Eq && b.op != BinaryOp::Ne)
      return void(d_.report(diag::unsupported_condition(p_.expr(id).span)));
    CmpOp op = *ast::comparison(b.op);
    if (!can_hold(it->second, op, *value)) {
      std::string test = op == CmpOp::Eq ? "`" + value->shown() + "`" : fmt::format("{} {}", to_string(op), value->shown());
      std::vector<std::string> names;
      for (const auto& o : it->second.options) names.push_back(o.text);
      auto suggestion = value->kind == Option::Kind::Name ? closest(value->text, names) : std::nullopt;
      d_.report(diag::condition_value_impossible(p_.expr(b.rhs).span, lhs_name->name, test, it->second.describe(), suggestion));
    }
  }

  static bool can_hold(const Domain& d, CmpOp op, const Option& v) {
    if (d.kind == Domain::Kind::Options) {
      for (const auto& o : d.options) {
        if (o.kind != v.kind) continue;
        if (o.kind == Option::Kind::Number ? compare(o.number, op, v.number) : (o.text == v.text) == (op == CmpOp::Eq))
          return true;
      }
      return false;
    }
    if (v.kind != Option::Kind::Number) return false;
    double x = v.number;
    switch (op) {
      case CmpOp::Eq: return x >= d.low && x <= d.high && (!d.integer || is_whole(x));
      case CmpOp::Ne: return d.low != d.high || x != d.low;
      case CmpOp::Lt: return d.low < x;
      case CmpOp::Le: return d.low <= x;
      case CmpOp::Gt: return d.high > x;
      case CmpOp::Ge: return d.high >= x;
      default: return true;
    }
  }

  static std::string kind_of(const Symbol& s) {
    switch (s.kind) {
      case Symbol::Kind::Model: return "a model";
      case Symbol::Kind::Data: return "a data set";
      case Symbol::Kind::Param: return "a parameter";
      case Symbol::Kind::Builtin: return "a built-in";
      default: return "not a hyperparameter";
    }
  }
};

}  // namespace

void verify_space(const ast::Program& program, const Resolution& resolution, Diagnostics& diags) {
  SpaceChecker(program, resolution, diags).run();
}

}  // namespace xp
