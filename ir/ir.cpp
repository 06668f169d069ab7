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

#include "base/hash.h"
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

namespace {

// ⌊a / b⌋ for b > 0, rounding toward −∞ like Python's //.
int64_t floor_quotient(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

bool same_atom(const Dim::Atom& a, const Dim::Atom& b) { return a.kind == b.kind && a.operands == b.operands; }

// Adds `f` into a list of atoms kept sorted by text.
void add_atom(std::vector<Dim::Atom>& into, const Dim::Atom& f) {
  const std::string key = f.str();
  for (auto it = into.begin(); it != into.end(); ++it) {
    if (same_atom(*it, f)) {
      it->coef = saturating_add(it->coef, f.coef);
      if (it->coef == 0) into.erase(it);
      return;
    }
    if (key < it->str()) {
      into.insert(it, f);
      return;
    }
  }
  into.push_back(f);
}

// Whether a Dim prints without parentheses inside an atom: a symbol or a number.
bool atomic(const Dim& d) {
  return d.is_const() || (d.atoms.empty() && d.constant == 0 && d.terms.size() == 1 && d.terms[0].second == 1);
}

std::string atom_text(const Dim::Atom& a, const std::function<std::string(const Dim&)>& text) {
  auto part = [&](const Dim& d) { return atomic(d) ? text(d) : "(" + text(d) + ")"; };
  if (a.kind == Dim::Atom::Kind::FloorDiv) return part(a.operands[0]) + " / " + part(a.operands[1]);
  std::string s;
  for (const auto& f : a.operands) s += (s.empty() ? "" : "*") + part(f);
  return s;
}

std::string dim_text(const Dim& d, const std::function<std::string(const std::string&)>& sym) {
  std::string s;
  auto put = [&](int64_t coef, const std::string& what) {
    uint64_t mag = magnitude(coef);
    if (s.empty()) s += coef < 0 ? "-" : "";
    else s += coef < 0 ? " - " : " + ";
    if (mag != 1) s += fmt::format("{}*", mag);
    s += what;
  };
  auto inner = [&](const Dim& x) { return dim_text(x, sym); };
  for (const auto& a : d.atoms) {
    const std::string t = atom_text(a, inner);
    put(a.coef, a.coef == 1 || a.coef == -1 || a.kind == Dim::Atom::Kind::Product ? t : "(" + t + ")");
  }
  // A positive number before a leading minus reads as arithmetic: "8 - k", not "-k + 8".
  const bool number_first = d.constant > 0 && d.atoms.empty() && !d.terms.empty() && d.terms[0].second < 0;
  if (number_first) s = fmt::format("{}", d.constant);
  for (const auto& [name, coef] : d.terms) put(coef, sym(name));
  if (number_first) return s;
  if (s.empty()) return fmt::format("{}", d.constant);
  if (d.constant > 0) s += fmt::format(" + {}", d.constant);
  if (d.constant < 0) s += fmt::format(" - {}", magnitude(d.constant));
  return s;
}

}  // namespace

std::string Dim::Atom::str() const {
  return atom_text(*this, [](const Dim& d) { return d.str(); });
}

Dim Dim::floor_div(const Dim& num, const Dim& den) {
  if (den.is_const() && den.constant == 1) return num;
  if (num.is_const() && den.is_const() && den.constant > 0) return Dim::of(floor_quotient(num.constant, den.constant));
  Dim d;
  d.atoms.push_back(Atom{Atom::Kind::FloorDiv, {num, den}, 1});
  return d;
}

Dim Dim::product(const Dim& a, const Dim& b) {
  if (a.is_const()) return b.scaled(a.constant);
  if (b.is_const()) return a.scaled(b.constant);
  Atom p{Atom::Kind::Product, {}, 1};
  for (const Dim* f : {&a, &b}) {  // a lone product factor is flattened into this one
    if (f->constant == 0 && f->terms.empty() && f->atoms.size() == 1 && f->atoms[0].kind == Atom::Kind::Product) {
      p.coef = saturating_mul(p.coef, f->atoms[0].coef);
      for (const auto& x : f->atoms[0].operands) p.operands.push_back(x);
    } else {
      p.operands.push_back(*f);
    }
  }
  std::sort(p.operands.begin(), p.operands.end(), [](const Dim& x, const Dim& y) { return x.str() < y.str(); });
  Dim d;
  d.atoms.push_back(std::move(p));
  return d;
}

std::string Dim::lone_symbol() const {
  return constant == 0 && atoms.empty() && terms.size() == 1 && terms[0].second == 1 ? terms[0].first : "";
}

bool Dim::operator==(const Dim& o) const {
  if (constant != o.constant || terms != o.terms || atoms.size() != o.atoms.size()) return false;
  for (size_t i = 0; i < atoms.size(); ++i)
    if (atoms[i].coef != o.atoms[i].coef || !same_atom(atoms[i], o.atoms[i])) return false;
  return true;
}

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
  r.atoms = atoms;
  for (const auto& f : o.atoms) add_atom(r.atoms, f);
  return r;
}

Dim Dim::scaled(int64_t k) const {
  Dim r;
  if (k == 0) return r;
  r.constant = saturating_mul(constant, k);
  for (const auto& [name, coef] : terms) r.terms.emplace_back(name, saturating_mul(coef, k));
  r.atoms = atoms;
  for (auto& f : r.atoms) f.coef = saturating_mul(f.coef, k);
  return r;
}

std::optional<int64_t> Dim::eval(const std::function<std::optional<int64_t>(const std::string&)>& lookup) const {
  int64_t total = constant;
  for (const auto& [name, coef] : terms) {
    auto v = lookup(name);
    if (!v) return std::nullopt;
    total = saturating_add(total, saturating_mul(coef, *v));
  }
  for (const auto& a : atoms) {
    int64_t value = 1;
    if (a.kind == Atom::Kind::FloorDiv) {
      auto n = a.operands[0].eval(lookup), d = a.operands[1].eval(lookup);
      if (!n || !d || *d <= 0) return std::nullopt;
      value = floor_quotient(*n, *d);
    } else {
      for (const auto& f : a.operands) {
        auto v = f.eval(lookup);
        if (!v) return std::nullopt;
        value = saturating_mul(value, *v);
      }
    }
    total = saturating_add(total, saturating_mul(a.coef, value));
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
  for (const auto& a : atoms) {
    Dim v;
    if (a.kind == Atom::Kind::FloorDiv) {
      v = floor_div(a.operands[0].substitute(lookup), a.operands[1].substitute(lookup));
    } else {
      v = Dim::of(1);
      for (const auto& f : a.operands) v = product(v, f.substitute(lookup));
    }
    r = r + v.scaled(a.coef);
  }
  return r;
}

std::vector<std::string> Dim::symbols() const {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.first);
  for (const auto& a : atoms)
    for (const auto& part : a.operands)
      for (auto& s : part.symbols()) out.push_back(std::move(s));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Dim::str() const {
  return dim_text(*this, [](const std::string& s) { return s; });
}

std::string Dim::str_at(const std::map<std::string, int64_t>& values) const {
  return dim_text(*this, [&](const std::string& s) {
    auto it = values.find(s);
    return it == values.end() ? s : fmt::format("{}", it->second);
  });
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

uint64_t SearchSpace::hash() const { return fnv1a64(canonical()); }

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
