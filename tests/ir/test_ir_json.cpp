#include <doctest/doctest.h>

#include "ir/ir_json.h"

using namespace xp::ir;

namespace {
ModelGraph tiny_model() {
  ModelGraph m;
  m.name = "mlp";
  m.inputs.push_back({"x", false, {Dim::sym("F")}, {}});
  m.result = {Dim::sym("C")};
  m.free_dims = {"C", "F"};
  CallSpec glorot;
  glorot.fn = "glorot";
  m.params.push_back({"W", {Dim::sym("F"), Dim::sym("C")}, glorot, {}});
  Op x;
  x.kind = OpKind::Input;
  x.name = "x";
  x.index = 0;
  x.shape = {Dim::sym("F")};
  x.batched = true;
  int xi = m.body.add(x);
  Op w;
  w.kind = OpKind::Param;
  w.name = "W";
  w.index = 0;
  w.shape = m.params[0].shape;
  int wi = m.body.add(w);
  Op mm;
  mm.kind = OpKind::MatMul;
  mm.args = {xi, wi};
  mm.shape = {Dim::sym("C")};
  mm.batched = true;
  Op act;
  act.kind = OpKind::Builtin;
  act.fn_hyper = "act";
  act.args = {m.body.add(mm)};
  act.attrs.push_back({"alpha", HExpr::hyper("slope"), {}});
  act.shape = {Dim::sym("C")};
  m.body.output = m.body.add(act);
  return m;
}
}  // namespace

TEST_CASE("model graphs round-trip through JSON") {
  ModelGraph back = model_from_json(to_json(tiny_model()));
  CHECK(to_json(back) == to_json(tiny_model()));
  CHECK(back.body.ops[3].fn_hyper == "act");
  CHECK(back.params[0].shape[1].terms[0].first == "C");
}

TEST_CASE("hyper assignments round-trip with their kinds") {
  Assignment a{{"lr", Value::num(0.01)}, {"hidden", Value::num(16, true)},
               {"act", Value::name("relu")}, {"tag", Value::str("x")}};
  Assignment back = assignment_from_json(to_json(a));
  CHECK(back.at("hidden").is_int);
  CHECK(back.at("act").kind == Value::Kind::Name);
  CHECK(back.at("tag").kind == Value::Kind::String);
  CHECK(back.at("lr").number == doctest::Approx(0.01));
}

TEST_CASE("invalid model graphs are refused, never trusted") {
  auto j = to_json(tiny_model());
  SUBCASE("forward reference") {
    j["ops"][2]["args"][0] = 3;
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
  SUBCASE("missing param") {
    j["ops"][1]["index"] = 7;
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
  SUBCASE("wrong type") {
    j["name"] = 5;
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
  SUBCASE("output out of range") {
    j["output"] = 99;
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
  SUBCASE("unknown op kind") {
    j["ops"][0]["kind"] = 250;
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
}

TEST_CASE("dimension atoms (conv and flatten sizes) round-trip; a graph without them is written as before") {
  ModelGraph m = tiny_model();
  CHECK(to_json(m).dump().find("atoms") == std::string::npos);
  const Dim conv = Dim::floor_div(Dim::sym("H") + Dim::sym("k").scaled(-1), Dim::sym("s")) + Dim::of(1);
  m.body.ops[0].shape = {conv, Dim::product(conv, Dim::sym("F"))};
  ModelGraph back = model_from_json(to_json(m));
  CHECK(back.body.ops[0].shape[0] == conv);
  CHECK(back.body.ops[0].shape[1] == Dim::product(conv, Dim::sym("F")));
  SUBCASE("a malformed atom is refused") {
    auto j = to_json(m);
    j["ops"][0]["shape"][0]["atoms"][0][0] = "%";
    CHECK_THROWS_AS(model_from_json(j), IrJsonError);
  }
}
