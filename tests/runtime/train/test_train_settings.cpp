// resolve_train_settings: a train block's settings evaluated once per
// trial, with one failure rule per kind of setting.
#include <doctest/doctest.h>

#include "runtime/train/train.h"

using namespace xp;

namespace {

ir::TrainSpec spec() {
  ir::TrainSpec t;
  t.model = "m";
  t.epochs = ir::HExpr::constant(4, true);
  t.batch = ir::HExpr::hyper("b");
  t.optimizer.fn = "sgd";
  t.optimizer.args.clear();
  t.optimizer.args.push_back({"", ir::HExpr::hyper("lr"), {}});
  t.optimizer.args.push_back({"momentum", ir::HExpr::constant(0.9), {}});
  t.clip = ir::HExpr::hyper("c");
  return t;
}

ir::Assignment hypers(double b, double lr, double c) {
  return {{"b", ir::Value::num(b)}, {"lr", ir::Value::num(lr)}, {"c", ir::Value::num(c)}};
}

std::optional<rt::TrainSettings> resolve(const ir::Assignment& h, Diagnostics& diags) {
  return rt::resolve_train_settings(spec(), h, rt::Task::Classification, {}, true, diags);
}

std::string codes(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) out += d.code + " ";
  return out;
}

}  // namespace

TEST_CASE("every setting of a train block is evaluated once into the trial's settings") {
  Diagnostics diags;
  auto s = resolve(hypers(16, 0.05, 2.5), diags);
  REQUIRE(s);
  CHECK(diags.all().empty());
  CHECK(s->epochs == 4);
  CHECK(s->batch == 16);
  CHECK(s->optimizer.fn == "sgd");
  CHECK(s->optimizer.find("lr", 0) == doctest::Approx(0.05));
  CHECK(s->optimizer.find("momentum") == doctest::Approx(0.9));
  CHECK(s->clip == doctest::Approx(2.5f));
  CHECK(s->schedule.name() == "constant_lr");
}

TEST_CASE("a setting out of range is E0903, a built-in's argument out of range E0702, reported together") {
  Diagnostics diags;
  CHECK_FALSE(resolve(hypers(0, -0.1, -1), diags));
  CHECK(codes(diags) == "E0903 E0702 E0903 ");  // batch, sgd's lr, clip — none silently clamped
  CHECK(diags.all()[2].message.find("`clip` must be a number ≥ 0, but it is -1") != std::string::npos);
}

TEST_CASE("fixed_epochs: the same epochs for every trial, else 0") {
  ir::TrainSpec t = spec();
  CHECK(rt::fixed_epochs(t, {}) == 4);
  t.epochs = ir::HExpr::hyper("e");
  CHECK(rt::fixed_epochs(t, {}) == 0);
  CHECK(rt::fixed_epochs(t, {{"e", ir::Value::num(7)}}) == 7);
  CHECK(rt::fixed_epochs(t, {{"e", ir::Value::num(0)}}) == 0);
}
