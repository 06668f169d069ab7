#include <doctest/doctest.h>

#include "runtime/run/overrides.h"

using namespace xp;

namespace {
ir::SearchSpace space_with_lr_and_act() {
  ir::SearchSpace s;
  ir::HyperDomain lr;
  lr.name = "lr";
  lr.kind = ir::HyperDomain::Kind::LogUniform;
  lr.low = 1e-4;
  lr.high = 0.1;
  ir::HyperDomain act;
  act.name = "act";
  act.kind = ir::HyperDomain::Kind::Choice;
  act.choices = {ir::Value::name("relu"), ir::Value::name("tanh")};
  s.hypers = {lr, act};
  return s;
}
}  // namespace

TEST_CASE("parse_literal reads numbers, names and strings like the script does") {
  auto i = rt::parse_literal("16");
  REQUIRE(i);
  CHECK(i->kind == ir::Value::Kind::Number);
  CHECK(i->is_int);
  CHECK(i->number == 16);
  auto f = rt::parse_literal("1e-3");
  REQUIRE(f);
  CHECK_FALSE(f->is_int);
  CHECK(f->number == doctest::Approx(0.001));
  auto n = rt::parse_literal("relu");
  REQUIRE(n);
  CHECK(n->kind == ir::Value::Kind::Name);
  CHECK(n->text == "relu");
  auto s = rt::parse_literal("\"a b\"");
  REQUIRE(s);
  CHECK(s->kind == ir::Value::Kind::String);
  CHECK(s->text == "a b");
  CHECK_FALSE(rt::parse_literal("1.2.3"));
  CHECK_FALSE(rt::parse_literal(""));
  CHECK(rt::parse_literal("-0.5")->number == -0.5);
}

TEST_CASE("apply_overrides fixes searched hypers and reports unknown names") {
  SUBCASE("a searched hyper becomes fixed") {
    auto s = space_with_lr_and_act();
    Diagnostics d;
    CHECK(rt::apply_overrides(s, {{"lr", "0.01"}, {"act", "tanh"}}, d));
    CHECK_FALSE(d.has_errors());
    CHECK(s.hypers[0].kind == ir::HyperDomain::Kind::Fixed);
    CHECK(s.hypers[0].fixed.number == doctest::Approx(0.01));
    CHECK(s.hypers[1].fixed.text == "tanh");
    CHECK_FALSE(s.searched());
  }
  SUBCASE("a misspelt name gets a suggestion") {
    auto s = space_with_lr_and_act();
    Diagnostics d;
    CHECK_FALSE(rt::apply_overrides(s, {{"lrr", "0.01"}}, d));
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0901");
    CHECK(d.all()[0].help.find("`lr`") != std::string::npos);
  }
  SUBCASE("an unreadable value") {
    auto s = space_with_lr_and_act();
    Diagnostics d;
    CHECK_FALSE(rt::apply_overrides(s, {{"lr", "0.0.1"}}, d));
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0902");
    CHECK(s.hypers[0].kind == ir::HyperDomain::Kind::LogUniform);
  }
}
