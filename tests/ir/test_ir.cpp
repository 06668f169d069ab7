// Unit tests for the IR's own functions (ir/ir.cpp).
#include <doctest/doctest.h>

#include <numbers>

#include "ir/ir.h"

using namespace xp::ir;

namespace {
HExpr bin(HExpr::Kind k, HExpr a, HExpr b) {
  HExpr e;
  e.kind = k;
  e.args = {std::move(a), std::move(b)};
  return e;
}
HExpr call(std::string fn, std::vector<HExpr> args) {
  HExpr e;
  e.kind = HExpr::Kind::Call;
  e.name = std::move(fn);
  e.args = std::move(args);
  return e;
}
HExpr cmp(std::string op, HExpr a, HExpr b) {
  HExpr e = bin(HExpr::Kind::Cmp, std::move(a), std::move(b));
  e.cmp = xp::parse_cmp_op(op).value();
  return e;
}
HExpr name(std::string n) {
  HExpr e;
  e.kind = HExpr::Kind::Name;
  e.name = std::move(n);
  return e;
}
double num(const HExpr& e, const Assignment& a = {}) {
  auto v = eval(e, a);
  REQUIRE(v);
  REQUIRE(v->kind == Value::Kind::Number);
  return v->number;
}
}  // namespace

TEST_CASE("Dim algebra keeps a normal form") {
  Dim f = Dim::sym("F"), h = Dim::sym("hidden");
  SUBCASE("addition merges and sorts terms") {
    Dim d = h + f + Dim::of(3) + f;
    CHECK(d.constant == 3);
    REQUIRE(d.terms.size() == 2);
    CHECK(d.terms[0] == std::pair<std::string, int64_t>{"F", 2});
    CHECK(d.terms[1].first == "hidden");
    CHECK(d.str() == "2*F + hidden + 3");
  }
  SUBCASE("cancelling terms disappear, so equality is structural") {
    Dim d = f + h + f.scaled(-1);
    CHECK(d == h);
    CHECK((f + f.scaled(-1)) == Dim::of(0));
    CHECK((f + f.scaled(-1)).is_const());
    CHECK(f != h);
  }
  SUBCASE("scaling by zero gives zero") { CHECK((f + Dim::of(4)).scaled(0) == Dim::of(0)); }
  SUBCASE("printing") {
    CHECK(Dim::of(16).str() == "16");
    CHECK(Dim::of(-2).str() == "-2");
    CHECK((h + Dim::of(-1)).str() == "hidden - 1");
    CHECK((f.scaled(-1) + h).str() == "-F + hidden");
    CHECK(shape_str({f, h}) == "[F, hidden]");
    CHECK(shape_str({}) == "[]");
  }
  SUBCASE("eval substitutes every symbol or fails") {
    Dim d = f.scaled(2) + h + Dim::of(1);
    auto lookup = [](const std::string& s) -> std::optional<int64_t> {
      if (s == "F") return 4;
      if (s == "hidden") return 32;
      return std::nullopt;
    };
    CHECK(d.eval(lookup) == 41);
    CHECK(!(d + Dim::sym("C")).eval(lookup).has_value());
  }
  SUBCASE("substitute replaces bound symbols by dims and keeps the rest") {
    Dim d = Dim::sym("units").scaled(2) + f;
    Dim r = d.substitute([&](const std::string& s) -> std::optional<Dim> {
      if (s == "units") return h + Dim::of(1);
      return std::nullopt;
    });
    CHECK(r == f + h.scaled(2) + Dim::of(2));
  }
}

TEST_CASE("Value printing and equality") {
  CHECK(Value::num(16, true).str() == "16");
  CHECK(Value::num(0.001).str() == "0.001");
  CHECK(Value::num(1.0).str() == "1.0");
  CHECK(Value::num(1e-10).str() == "1e-10");
  CHECK(Value::name("relu").str() == "relu");
  CHECK(Value::str("a\"b").str() == "\"a\\\"b\"");
  CHECK(Value::num(16, true) == Value::num(16.0));
  CHECK(Value::name("sgd") != Value::str("sgd"));
  CHECK(Value::name("sgd") == Value::name("sgd"));
}

TEST_CASE("HExpr evaluation") {
  Assignment a{{"lr", Value::num(0.01)}, {"hidden", Value::num(32, true)}, {"opt", Value::name("sgd")}};
  SUBCASE("arithmetic keeps integers integral") {
    auto v = eval(bin(HExpr::Kind::Mul, HExpr::hyper("hidden"), HExpr::constant(2, true)), a);
    REQUIRE(v);
    CHECK(v->number == 64);
    CHECK(v->is_int);
    auto d = eval(bin(HExpr::Kind::Div, HExpr::hyper("hidden"), HExpr::constant(2, true)), a);
    CHECK_FALSE(d->is_int);
    CHECK(num(bin(HExpr::Kind::Pow, HExpr::constant(2, true), HExpr::constant(10, true))) == 1024);
  }
  SUBCASE("scalar math and constants") {
    CHECK(num(call("exp", {HExpr::constant(0)})) == doctest::Approx(1));
    CHECK(num(call("log", {name("e")})) == doctest::Approx(1));
    CHECK(num(call("sqrt", {HExpr::constant(9)})) == doctest::Approx(3));
    CHECK(num(call("cos", {name("pi")})) == doctest::Approx(-1));
    CHECK(num(call("sin", {HExpr::constant(0)})) == doctest::Approx(0));
    CHECK(num(call("abs", {HExpr::constant(-3)})) == 3);
    CHECK(num(call("min", {HExpr::constant(3), HExpr::constant(1), HExpr::constant(2)})) == 1);
    CHECK(num(call("max", {HExpr::constant(3), HExpr::constant(7)})) == 7);
    CHECK_FALSE(eval(call("frobnicate", {HExpr::constant(1)}), a).has_value());
  }
  SUBCASE("unknown or inactive hypers give nullopt") {
    CHECK_FALSE(eval(HExpr::hyper("momentum"), a).has_value());
    CHECK_FALSE(eval(bin(HExpr::Kind::Add, HExpr::hyper("momentum"), HExpr::constant(1)), a).has_value());
  }
  SUBCASE("comparisons and logic") {
    CHECK(num(cmp("==", HExpr::hyper("opt"), name("sgd")), a) == 1);
    CHECK(num(cmp("!=", HExpr::hyper("opt"), name("sgd")), a) == 0);
    CHECK(num(cmp("<", HExpr::hyper("lr"), HExpr::constant(0.1)), a) == 1);
    HExpr both = bin(HExpr::Kind::And, cmp(">=", HExpr::hyper("hidden"), HExpr::constant(32, true)),
                     cmp("==", HExpr::hyper("opt"), name("adam")));
    CHECK(num(both, a) == 0);
    HExpr either = both;
    either.kind = HExpr::Kind::Or;
    CHECK(num(either, a) == 1);
    HExpr neg;
    neg.kind = HExpr::Kind::Not;
    neg.args = {either};
    CHECK(num(neg, a) == 0);
    // `or` short-circuits past an inactive hyper
    CHECK(num(bin(HExpr::Kind::Or, HExpr::constant(1), HExpr::hyper("momentum")), a) == 1);
  }
  SUBCASE("a black-box objective: branin at a known minimum") {
    // (y - 5.1/(4π²)x² + 5/π x - 6)² + 10(1 - 1/(8π))cos(x) + 10 at (π, 2.275) = 0.397887
    Assignment p{{"x", Value::num(std::numbers::pi)}, {"y", Value::num(2.275)}};
    using K = HExpr::Kind;
    HExpr pi = name("pi"), x = HExpr::hyper("x");
    HExpr a1 = bin(K::Div, HExpr::constant(5.1), bin(K::Mul, HExpr::constant(4, true), bin(K::Pow, pi, HExpr::constant(2, true))));
    HExpr t = bin(K::Sub, bin(K::Add, bin(K::Sub, HExpr::hyper("y"), bin(K::Mul, a1, bin(K::Pow, x, HExpr::constant(2, true)))),
                              bin(K::Mul, bin(K::Div, HExpr::constant(5, true), pi), x)),
                  HExpr::constant(6, true));
    HExpr s = bin(K::Mul, HExpr::constant(10, true),
                  bin(K::Sub, HExpr::constant(1, true), bin(K::Div, HExpr::constant(1, true), bin(K::Mul, HExpr::constant(8, true), pi))));
    HExpr f = bin(K::Add, bin(K::Add, bin(K::Pow, t, HExpr::constant(2, true)), bin(K::Mul, s, call("cos", {x}))),
                  HExpr::constant(10, true));
    CHECK(num(f, p) == doctest::Approx(0.397887).epsilon(1e-5));
  }
}

TEST_CASE("HExpr printing uses minimal parentheses") {
  using K = HExpr::Kind;
  HExpr sum = bin(K::Add, HExpr::hyper("a"), HExpr::hyper("b"));
  CHECK(to_string(bin(K::Mul, sum, HExpr::constant(2, true))) == "(a + b) * 2");
  CHECK(to_string(bin(K::Add, HExpr::hyper("a"), bin(K::Mul, HExpr::hyper("b"), HExpr::constant(2, true)))) == "a + b * 2");
  CHECK(to_string(bin(K::Sub, HExpr::hyper("a"), sum)) == "a - (a + b)");
  CHECK(to_string(bin(K::Pow, HExpr::hyper("a"), bin(K::Pow, HExpr::hyper("b"), HExpr::hyper("c")))) == "a ^ b ^ c");
  CHECK(to_string(bin(K::Pow, bin(K::Pow, HExpr::hyper("a"), HExpr::hyper("b")), HExpr::hyper("c"))) == "(a ^ b) ^ c");
  CHECK(to_string(call("cos", {HExpr::hyper("x")})) == "cos(x)");
  CHECK(to_string(cmp("==", HExpr::hyper("opt"), name("sgd"))) == "opt == sgd");
  HExpr s;
  s.kind = K::String;
  s.name = "runs/x";
  CHECK(to_string(s) == "\"runs/x\"");
}

TEST_CASE("CallSpec resolves a hyper-chosen function") {
  CallSpec c;
  c.fn_hyper = "opt";
  CHECK(c.resolve({{"opt", Value::name("adam")}}) == "adam");
  CHECK(c.resolve({}) == "");
  c.fn = "sgd";
  CHECK(c.resolve({{"opt", Value::name("adam")}}) == "sgd");
}

TEST_CASE("HyperDomain::is_active follows its conditions") {
  HyperDomain momentum;
  momentum.name = "momentum";
  momentum.kind = HyperDomain::Kind::Uniform;
  momentum.when.push_back({"opt", xp::CmpOp::Eq, Value::name("sgd"), {}});
  CHECK(momentum.is_active({{"opt", Value::name("sgd")}}));
  CHECK_FALSE(momentum.is_active({{"opt", Value::name("adam")}}));
  CHECK_FALSE(momentum.is_active({}));  // the hyper it depends on is absent
  momentum.when.push_back({"layers", xp::CmpOp::Ge, Value::num(2, true), {}});
  CHECK_FALSE(momentum.is_active({{"opt", Value::name("sgd")}, {"layers", Value::num(1, true)}}));
  CHECK(momentum.is_active({{"opt", Value::name("sgd")}, {"layers", Value::num(3, true)}}));
  HyperDomain plain;
  CHECK(plain.is_active({}));
}

TEST_CASE("SearchSpace canonical text and hash are stable") {
  SearchSpace s;
  HyperDomain lr;
  lr.name = "lr";
  lr.kind = HyperDomain::Kind::LogUniform;
  lr.low = 1e-4;
  lr.high = 0.1;
  HyperDomain hidden;
  hidden.name = "hidden";
  hidden.kind = HyperDomain::Kind::Choice;
  hidden.choices = {Value::num(8, true), Value::num(16, true)};
  HyperDomain units;
  units.name = "units";
  units.kind = HyperDomain::Kind::Int;
  units.low = 4;
  units.high = 64;
  units.step = 4;
  units.scope = "dense";
  HyperDomain epochs;
  epochs.name = "epochs";
  epochs.fixed = Value::num(200, true);
  s.hypers = {lr, hidden, units, epochs};
  CHECK(s.canonical() ==
        "lr ~ loguniform(0.0001, 0.1)\n"
        "hidden ~ choice(8, 16)\n"
        "units ~ int(4, 64, step: 4) [in dense]\n"
        "epochs = 200\n");
  // FNV-1a of a fixed text is a fixed number: pin one so a change is noticed.
  SearchSpace empty;
  CHECK(empty.hash() == 0xcbf29ce484222325ULL);
  SearchSpace one;
  one.hypers = {epochs};
  CHECK(one.hash() != empty.hash());
  SearchSpace copy = s;
  CHECK(copy.hash() == s.hash());
  copy.hypers[1].choices.push_back(Value::num(32, true));
  CHECK(copy.hash() != s.hash());
  CHECK(s.searched());
  CHECK_FALSE(one.searched());
  REQUIRE(s.find("units") != nullptr);
  CHECK(s.find("units")->scope == "dense");
  CHECK(s.find("nope") == nullptr);
}

TEST_CASE("Program lookups and dump") {
  Program p;
  p.script_path = "/tmp/a.exp";
  p.seed = 7;
  DataSpec d;
  d.name = "iris";
  d.source = DataSpec::Source::Dataset;
  d.dataset = "iris";
  p.data.push_back(d);
  ModelGraph m;
  m.name = "lin";
  m.inputs.push_back({"x", false, {Dim::sym("F")}, {}});
  m.result = {Dim::sym("C")};
  Op in;
  in.kind = OpKind::Input;
  in.name = "x";
  in.index = 0;
  in.shape = {Dim::sym("F")};
  in.batched = true;
  m.body.output = m.body.add(in);
  p.models.push_back(m);
  TrainSpec t;
  t.model = "lin";
  t.data = "iris";
  p.trains.push_back(t);
  CHECK(p.find_model("lin") == &p.models[0]);
  CHECK(p.find_model("x") == nullptr);
  CHECK(p.find_data("iris") == &p.data[0]);
  CHECK(p.find_train("lin") == &p.trains[0]);
  CHECK(p.find_train("iris") == nullptr);
  std::string text = dump(p);
  CHECK(text.find("seed 7\n") != std::string::npos);
  CHECK(text.find("model lin(x: [F]) -> [C]") != std::string::npos);
  CHECK(text.find("%0 = input x#0 : [F] batched") != std::string::npos);
  CHECK(text.find("train lin on iris") != std::string::npos);
  CHECK(dump(p) == text);
}

TEST_CASE("Dim atoms: floor quotients and products (convolution and flatten sizes)") {
  const Dim h = Dim::sym("H"), k = Dim::sym("k"), s = Dim::sym("s");
  const Dim out = Dim::floor_div(h + k.scaled(-1), s) + Dim::of(1);  // (H - k) / s + 1
  CHECK(out.str() == "(H - k) / s + 1");
  CHECK(out.symbols() == std::vector<std::string>{"H", "k", "s"});
  CHECK(out == Dim::of(1) + Dim::floor_div(h + k.scaled(-1), s));
  CHECK(out != Dim::floor_div(h + k.scaled(-1), Dim::sym("t")) + Dim::of(1));
  auto at = [](std::map<std::string, int64_t> v) {
    return [v](const std::string& n) -> std::optional<int64_t> {
      auto it = v.find(n);
      return it == v.end() ? std::nullopt : std::optional<int64_t>(it->second);
    };
  };
  CHECK(out.eval(at({{"H", 8}, {"k", 7}, {"s", 2}})) == 1);
  CHECK(out.eval(at({{"H", 8}, {"k", 3}, {"s", 2}})) == 3);
  CHECK(out.eval(at({{"H", 1}, {"k", 2}, {"s", 2}})) == 0);  // ⌊-1 / 2⌋ = -1: rounds toward −∞
  CHECK(out.str_at({{"H", 8}, {"k", 7}, {"s", 2}}) == "(8 - 7) / 2 + 1");
  // substitution folds an atom whose operands become numbers
  Dim folded = out.substitute([](const std::string& n) -> std::optional<Dim> {
    if (n == "H") return Dim::of(8);
    if (n == "s") return Dim::of(2);
    return std::nullopt;
  });
  CHECK(folded.str() == "(8 - k) / 2 + 1");
  CHECK(Dim::floor_div(Dim::of(7), Dim::of(2)) == Dim::of(3));
  CHECK(Dim::floor_div(h, Dim::of(1)) == h);
  // products: numbers fold into the coefficient, factors are ordered, a product of products is flat
  CHECK(Dim::product(Dim::of(3), h) == h.scaled(3));
  CHECK(Dim::product(h, k) == Dim::product(k, h));
  CHECK(Dim::product(Dim::product(h, k), s).str() == "H*k*s");
  CHECK(Dim::product(h, k).eval(at({{"H", 4}, {"k", 5}})) == 20);
  CHECK(Dim::product(out, Dim::of(2)).str() == "2*((H - k) / s) + 2");
}
