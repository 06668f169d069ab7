// The IR's own functions: symbolic dimension algebra, hyper values, hyper
// expression evaluation, search-space identity. Everything here is pure and
// allocation-light; the tuner calls eval() once per trial per spec field.
#include "ir/ir.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include "base/saturate.h"

namespace xp::ir {
namespace {

// Numbers print as users write them: 16 for an integer, 0.001 for a real,
// 1.0 for a real that happens to be whole (so the dump keeps int vs real).
std::string format_number(double v, bool is_int) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (is_int && std::abs(v) < 9.0e15 && v == std::floor(v)) return fmt::format("{}", static_cast<int64_t>(v));
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

bool truthy(const Value& v) {
  return v.kind == Value::Kind::Number ? v.number != 0 : !v.text.empty();
}

Value boolean(bool b) { return Value::num(b ? 1 : 0, true); }

// Compares two values with a comparison operator. Numbers compare by value;
// names and strings by text (== / != are what conditions use; the ordering
// operators compare lexicographically, which is at least total).
std::optional<bool> compare(const Value& a, CmpOp op, const Value& b) {
  bool equality = op == CmpOp::Eq || op == CmpOp::Ne;
  int order = 0;
  if (a.kind == Value::Kind::Number && b.kind == Value::Kind::Number) {
    order = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  } else if (a.kind == Value::Kind::Number || b.kind == Value::Kind::Number) {
    if (equality) return op == CmpOp::Ne;
    return std::nullopt;  // ordering a number against a name means nothing
  } else {
    int c = a.text.compare(b.text);
    order = c < 0 ? -1 : (c > 0 ? 1 : 0);
    if (a.kind != b.kind && equality) return op == CmpOp::Ne;
  }
  return holds(op, order);
}

std::optional<double> number_of(const std::optional<Value>& v) {
  if (!v || v->kind != Value::Kind::Number) return std::nullopt;
  return v->number;
}

std::optional<Value> eval_arith(HExpr::Kind kind, const Value& l, const Value& r) {
  if (l.kind != Value::Kind::Number || r.kind != Value::Kind::Number) return std::nullopt;
  bool ints = l.is_int && r.is_int;
  switch (kind) {
    case HExpr::Kind::Add: return Value::num(l.number + r.number, ints);
    case HExpr::Kind::Sub: return Value::num(l.number - r.number, ints);
    case HExpr::Kind::Mul: return Value::num(l.number * r.number, ints);
    case HExpr::Kind::Div: return Value::num(l.number / r.number, false);
    case HExpr::Kind::Pow: return Value::num(std::pow(l.number, r.number), ints && r.number >= 0);
    default: return std::nullopt;
  }
}

std::optional<Value> eval_call(const HExpr& e, const Assignment& a) {
  std::vector<double> xs;
  bool ints = true;
  for (const auto& arg : e.args) {
    auto v = eval(arg, a);
    auto x = number_of(v);
    if (!x) return std::nullopt;
    ints = ints && v->is_int;
    xs.push_back(*x);
  }
  const std::string& f = e.name;
  if ((f == "min" || f == "max") && !xs.empty()) {
    double r = f == "min" ? *std::min_element(xs.begin(), xs.end()) : *std::max_element(xs.begin(), xs.end());
    return Value::num(r, ints);
  }
  if (xs.size() != 1) return std::nullopt;
  double x = xs[0];
  if (f == "exp") return Value::num(std::exp(x));
  if (f == "log") return Value::num(std::log(x));
  if (f == "sqrt") return Value::num(std::sqrt(x));
  if (f == "sin") return Value::num(std::sin(x));
  if (f == "cos") return Value::num(std::cos(x));
  if (f == "abs") return Value::num(std::abs(x), ints);
  return std::nullopt;
}

// Binding strength for printing with the fewest parentheses.
int precedence(const HExpr& e) {
  switch (e.kind) {
    case HExpr::Kind::Or: return 1;
    case HExpr::Kind::And: return 2;
    case HExpr::Kind::Not: return 3;
    case HExpr::Kind::Cmp: return 4;
    case HExpr::Kind::Add: case HExpr::Kind::Sub: return 5;
    case HExpr::Kind::Mul: case HExpr::Kind::Div: return 6;
    case HExpr::Kind::Neg: return 7;
    case HExpr::Kind::Pow: return 8;
    case HExpr::Kind::Const: return e.value < 0 ? 7 : 9;
    default: return 9;
  }
}

std::string wrap(const HExpr& e, int min_prec) {
  std::string s = to_string(e);
  return precedence(e) < min_prec ? "(" + s + ")" : s;
}

// |v| without overflow at INT64_MIN (a saturated size prints as its true magnitude).
uint64_t magnitude(int64_t v) { return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

}  // namespace

// ---- Dim --------------------------------------------------------------------------

Dim Dim::operator+(const Dim& o) const {
  Dim r;
  r.constant = saturating_add(constant, o.constant);
  auto a = terms.begin(), b = o.terms.begin();
  while (a != terms.end() || b != o.terms.end()) {
    if (b == o.terms.end() || (a != terms.end() && a->first < b->first)) {
      r.terms.push_back(*a++);
    } else if (a == terms.end() || b->first < a->first) {
      r.terms.push_back(*b++);
    } else {
      int64_t c = saturating_add(a->second, b->second);
      if (c != 0) r.terms.emplace_back(a->first, c);
      ++a, ++b;
    }
  }
  return r;
}

Dim Dim::scaled(int64_t k) const {
  Dim r;
  if (k == 0) return r;
  r.constant = saturating_mul(constant, k);
  for (const auto& [name, coef] : terms) r.terms.emplace_back(name, saturating_mul(coef, k));
  return r;
}

std::optional<int64_t> Dim::eval(const std::function<std::optional<int64_t>(const std::string&)>& lookup) const {
  int64_t total = constant;
  for (const auto& [name, coef] : terms) {
    auto v = lookup(name);
    if (!v) return std::nullopt;
    total = saturating_add(total, saturating_mul(coef, *v));
  }
  return total;
}

Dim Dim::substitute(const std::function<std::optional<Dim>(const std::string&)>& lookup) const {
  Dim r = Dim::of(constant);
  for (const auto& [name, coef] : terms) {
    Dim t;
    t.terms.emplace_back(name, 1);
    if (auto v = lookup(name)) t = *v;
    r = r + t.scaled(coef);
  }
  return r;
}

std::string Dim::str() const {
  std::string s;
  for (const auto& [name, coef] : terms) {
    uint64_t mag = magnitude(coef);
    if (s.empty()) s += coef < 0 ? "-" : "";
    else s += coef < 0 ? " - " : " + ";
    if (mag != 1) s += fmt::format("{}*", mag);
    s += name;
  }
  if (s.empty()) return fmt::format("{}", constant);
  if (constant > 0) s += fmt::format(" + {}", constant);
  if (constant < 0) s += fmt::format(" - {}", magnitude(constant));
  return s;
}

std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + s[i].str();
  return out + "]";
}

// ---- Value ------------------------------------------------------------------------

bool Value::operator==(const Value& o) const {
  if (kind != o.kind) return false;
  return kind == Kind::Number ? number == o.number : text == o.text;
}

std::string Value::str() const {
  switch (kind) {
    case Kind::Number: return format_number(number, is_int);
    case Kind::Name: return text;
    case Kind::String: return quote(text);
  }
  return text;
}

// ---- HExpr ------------------------------------------------------------------------

bool HExpr::uses_hyper(const std::string& n) const {
  if (kind == Kind::Hyper && name == n) return true;
  return std::any_of(args.begin(), args.end(), [&](const HExpr& a) { return a.uses_hyper(n); });
}

void HExpr::collect_hypers(std::vector<std::string>& out) const {
  if (kind == Kind::Hyper && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  for (const auto& a : args) a.collect_hypers(out);
}

std::optional<Value> eval(const HExpr& e, const Assignment& a) {
  using K = HExpr::Kind;
  switch (e.kind) {
    case K::Const: return Value::num(e.value, e.is_int);
    case K::Hyper: {
      auto it = a.find(e.name);
      if (it == a.end()) return std::nullopt;
      return it->second;
    }
    case K::Name:
      if (e.name == "pi") return Value::num(std::numbers::pi);
      if (e.name == "e") return Value::num(std::numbers::e);
      return Value::name(e.name);
    case K::String: return Value::str(e.name);
    case K::Neg: {
      if (e.args.size() != 1) return std::nullopt;
      auto v = eval(e.args[0], a);
      if (!number_of(v)) return std::nullopt;
      return Value::num(-v->number, v->is_int);
    }
    case K::Add: case K::Sub: case K::Mul: case K::Div: case K::Pow: {
      if (e.args.size() != 2) return std::nullopt;
      auto l = eval(e.args[0], a);
      if (!l) return std::nullopt;
      auto r = eval(e.args[1], a);
      if (!r) return std::nullopt;
      return eval_arith(e.kind, *l, *r);
    }
    case K::Call: return eval_call(e, a);
    case K::Cmp: {
      if (e.args.size() != 2) return std::nullopt;
      auto l = eval(e.args[0], a), r = eval(e.args[1], a);
      if (!l || !r) return std::nullopt;
      auto b = compare(*l, e.cmp, *r);
      if (!b) return std::nullopt;
      return boolean(*b);
    }
    case K::And: case K::Or: {
      if (e.args.size() != 2) return std::nullopt;
      auto l = eval(e.args[0], a);
      if (!l) return std::nullopt;
      bool lt = truthy(*l);
      if (e.kind == K::And && !lt) return boolean(false);
      if (e.kind == K::Or && lt) return boolean(true);
      auto r = eval(e.args[1], a);
      if (!r) return std::nullopt;
      return boolean(truthy(*r));
    }
    case K::Not: {
      if (e.args.size() != 1) return std::nullopt;
      auto v = eval(e.args[0], a);
      if (!v) return std::nullopt;
      return boolean(!truthy(*v));
    }
  }
  return std::nullopt;
}

std::string to_string(const HExpr& e) {
  using K = HExpr::Kind;
  auto binary = [&](const char* op, bool right_assoc) {
    int p = precedence(e);
    return wrap(e.args[0], right_assoc ? p + 1 : p) + " " + op + " " + wrap(e.args[1], right_assoc ? p : p + 1);
  };
  switch (e.kind) {
    case K::Const: return format_number(e.value, e.is_int);
    case K::Hyper: case K::Name: return e.name;
    case K::String: return quote(e.name);
    case K::Neg: return e.args.empty() ? "-?" : "-" + wrap(e.args[0], 8);
    case K::Not: return e.args.empty() ? "not ?" : "not " + wrap(e.args[0], 3);
    case K::Call: {
      std::string s = e.name + "(";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + to_string(e.args[i]);
      return s + ")";
    }
    default: break;
  }
  if (e.args.size() != 2) return "?";
  switch (e.kind) {
    case K::Add: return binary("+", false);
    case K::Sub: return binary("-", false);
    case K::Mul: return binary("*", false);
    case K::Div: return binary("/", false);
    case K::Pow: return binary("^", true);
    case K::Cmp: return binary(to_string(e.cmp), false);
    case K::And: return binary("and", false);
    case K::Or: return binary("or", false);
    default: return "?";
  }
}

std::string CallSpec::resolve(const Assignment& a) const {
  if (!fn.empty()) return fn;
  auto it = a.find(fn_hyper);
  if (it == a.end() || it->second.kind == Value::Kind::Number) return "";
  return it->second.text;
}

// ---- search space -----------------------------------------------------------------

std::string Condition::str() const { return hyper + " " + to_string(op) + " " + value.str(); }

std::string HyperDomain::when_str() const {
  std::string out;
  for (const auto& c : when) out += (out.empty() ? "" : " and ") + c.str();
  return out;
}

bool HyperDomain::is_active(const Assignment& a) const {
  for (const auto& c : when) {
    auto it = a.find(c.hyper);
    if (it == a.end()) return false;  // the hyper it depends on is itself inactive
    auto holds = compare(it->second, c.op, c.value);
    if (!holds || !*holds) return false;
  }
  return true;
}

const HyperDomain* SearchSpace::find(const std::string& name) const {
  for (const auto& h : hypers)
    if (h.name == name) return &h;
  return nullptr;
}

bool SearchSpace::searched() const {
  return std::any_of(hypers.begin(), hypers.end(),
                     [](const HyperDomain& h) { return h.kind != HyperDomain::Kind::Fixed; });
}

std::string to_string(const HyperDomain& h) {
  using K = HyperDomain::Kind;
  auto num = [](double v) { return format_number(v, false); };
  auto bound = [](double v) { return format_number(v, v == std::floor(v) && std::abs(v) < 9e15); };
  std::string s;
  switch (h.kind) {
    case K::Fixed: s = "= " + h.fixed.str(); break;
    case K::Uniform: s = "~ uniform(" + num(h.low) + ", " + num(h.high); break;
    case K::LogUniform: s = "~ loguniform(" + num(h.low) + ", " + num(h.high); break;
    case K::Int: s = "~ int(" + bound(h.low) + ", " + bound(h.high); break;
    case K::Choice: {
      s = "~ choice(";
      for (size_t i = 0; i < h.choices.size(); ++i) s += (i ? ", " : "") + h.choices[i].str();
      break;
    }
  }
  if (h.kind != K::Fixed) {
    if (h.step != 0) s += ", step: " + (h.kind == K::Int ? bound(h.step) : num(h.step));
    if (h.log && h.kind == K::Int) s += ", log: true";
    s += ")";
  }
  for (size_t i = 0; i < h.when.size(); ++i)
    s += (i ? " and " : " if ") + h.when[i].str();
  return s;
}

std::string SearchSpace::canonical() const {
  std::string out;
  for (const auto& h : hypers) {
    out += h.name + " " + to_string(h);
    if (!h.scope.empty()) out += " [in " + h.scope + "]";
    out += "\n";
  }
  return out;
}

uint64_t SearchSpace::hash() const {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (unsigned char c : canonical()) {
    h ^= c;
    h *= 0x100000001b3ULL;             // FNV prime
  }
  return h;
}

// ---- program ----------------------------------------------------------------------

const ModelGraph* Program::find_model(const std::string& n) const {
  for (const auto& m : models)
    if (m.name == n) return &m;
  return nullptr;
}

const DataSpec* Program::find_data(const std::string& n) const {
  for (const auto& d : data)
    if (d.name == n) return &d;
  return nullptr;
}

const TrainSpec* Program::find_train(const std::string& model) const {
  for (const auto& t : trains)
    if (t.model == model) return &t;
  return nullptr;
}

}  // namespace xp::ir
