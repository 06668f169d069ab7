#include <doctest/doctest.h>

#include <cmath>

#include "runtime/run/report_json.h"

using namespace xp;

TEST_CASE("hyper values keep their kind in report.json") {
  CHECK(rt::hyper_json(ir::Value::num(16, true)) == 16);
  CHECK(rt::hyper_json(ir::Value::num(16, true)).is_number_integer());
  CHECK(rt::hyper_json(ir::Value::num(0.01)) == 0.01);
  CHECK(rt::hyper_json(ir::Value::name("relu")) == "relu");
  CHECK(rt::hyper_json(ir::Value::str("a b")) == "a b");
}

TEST_CASE("the search space lists kinds, ranges and conditions in declaration order") {
  ir::SearchSpace s;
  ir::HyperDomain opt;
  opt.name = "opt";
  opt.kind = ir::HyperDomain::Kind::Choice;
  opt.choices = {ir::Value::name("sgd"), ir::Value::name("adam")};
  ir::HyperDomain m;
  m.name = "momentum";
  m.kind = ir::HyperDomain::Kind::Uniform;
  m.low = 0.5;
  m.high = 0.99;
  m.when = {ir::Condition{"opt", xp::CmpOp::Eq, ir::Value::name("sgd"), {}}};
  s.hypers = {opt, m};
  auto j = rt::search_space_json(s);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["kind"] == "choice");
  CHECK(j[0]["choices"][1] == "adam");
  CHECK(j[1]["low"] == 0.5);
  CHECK(j[1]["when"] == "opt == sgd");
}

TEST_CASE("trial records: states spelled as documented, cv folds and spread, no NaN") {
  rt::TrialRecord t;
  t.number = 4;
  t.state = rt::TrialState::Complete;
  t.hypers["lr"] = ir::Value::num(0.1);
  t.value = 0.9;
  t.intermediate = {{0, 0.8}, {1, 1.0}};
  t.metrics = {{"cv.fold0", 0.8}, {"cv.fold1", 1.0}, {"cv.std", 0.14}};
  t.seconds = 0.5;
  auto j = rt::trial_json(t);
  CHECK(j["number"] == 4);
  CHECK(j["state"] == "complete");
  CHECK(j["value"] == 0.9);
  CHECK(j["intermediate"].size() == 2);
  CHECK(j["folds"] == nlohmann::json::array({0.8, 1.0}));
  CHECK(j["std"] == 0.14);
  CHECK(j["hypers"]["lr"] == 0.1);

  rt::TrialRecord f;
  f.number = 5;
  f.state = rt::TrialState::Failed;
  f.reason = "loss became NaN at epoch 3";
  auto jf = rt::trial_json(f);
  CHECK(jf["state"] == "failed");
  CHECK_FALSE(jf.contains("value"));  // NaN is omitted, never null
  CHECK(jf["reason"] == "loss became NaN at epoch 3");
}

TEST_CASE("trials.csv: one column per hyper, empty when inactive, quoted when needed") {
  ir::SearchSpace s;
  ir::HyperDomain a, b;
  a.name = "act";
  b.name = "momentum";
  s.hypers = {a, b};
  rt::TrialRecord t;
  t.number = 0;
  t.state = rt::TrialState::Pruned;
  t.hypers["act"] = ir::Value::str("x,y");
  t.seconds = 1.5;
  std::string csv = rt::trials_csv({t}, s);
  CHECK(csv == "number,state,value,budget,seconds,act,momentum\n0,pruned,,,1.5,\"x,y\",\n");
}

TEST_CASE("params summaries: shape, count, norm, preview") {
  std::vector<float> w = {3, 4, 0, 0};
  auto j = rt::params_json({rt::NamedTensor{"W1", {2, 2}, w.data(), w.size()}});
  CHECK(j["W1"]["count"] == 4);
  CHECK(j["W1"]["shape"] == nlohmann::json::array({2, 2}));
  CHECK(j["W1"]["norm"].get<double>() == doctest::Approx(5.0));
  CHECK(j["W1"]["preview"].size() == 4);
}

TEST_CASE("content hash is FNV-1a 64") {
  CHECK(rt::content_hash("") == "fnv1a64:cbf29ce484222325");
  CHECK(rt::content_hash("a") == "fnv1a64:af63dc4c8601ec8c");
}
