// batch_norm's running statistics are state, not parameters: training
// passes update them, evaluation reads them, the optimizer never sees them,
// early stopping's snapshot restores them, and the model file saves them so
// `exp predict` gives what the run measured.
#include <doctest/doctest.h>

#include <cmath>

#include "compiler/driver.h"
#include "runtime/data/load.h"
#include "runtime/graph/builder.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
using namespace xp::rt;

TEST_CASE("batch_norm: training updates the running statistics, evaluation uses them") {
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(1, 2));
  InitSpec ones, zeros;
  ones.fn = "ones";
  zeros.fn = "zeros";
  const int y = g.apply("batch_norm", {x, g.param("g", Layout::row(2), ones), g.param("b", Layout::row(2), zeros)},
                        {{"momentum", 0.5}});
  const int loss = g.apply("sum", {y});
  Executable exe = g.build(loss, y, 4);
  REQUIRE(exe.state_info().size() == 1);
  CHECK(exe.state_info()[0].name == "g:running");
  CHECK(exe.param_count() == 4);                  // g and b; the statistics are not parameters
  CHECK(exe.params().values.size() == 32);        // …nor in the optimizer's span (g and b, 16 floats each with padding)
  auto st = exe.state_values(exe.state_info()[0]);
  CHECK(st[0] == 0.f);  // mean 0, variance 1 before any batch
  CHECK(st[2] == 1.f);
  Matrix X(4, 2);
  X << 1, 10, 2, 20, 3, 30, 4, 40;
  const Matrix none;
  exe.set_batch(X, none, 0, 4);
  exe.forward(true);
  CHECK(st[0] == doctest::Approx(0.5 * 2.5));          // halfway to the batch mean
  CHECK(st[1] == doctest::Approx(0.5 * 25));
  CHECK(st[2] == doctest::Approx(0.5 + 0.5 * 1.25 * 4 / 3));  // the unbiased variance
  std::vector<float> snapshot;
  exe.save_params(snapshot);
  const Matrix P = exe.predict(X);  // evaluation: the running statistics
  CHECK(P(0, 0) == doctest::Approx((1 - 1.25) / std::sqrt(0.5 + 0.5 * 1.25 * 4 / 3 + 1e-5)).epsilon(1e-4));
  exe.forward(true);  // another training pass moves them again …
  CHECK(st[0] != doctest::Approx(0.5 * 2.5));
  exe.load_params(snapshot);  // … and the snapshot puts them back with the weights
  CHECK(st[0] == doctest::Approx(0.5 * 2.5));
}

TEST_CASE("a model with batch_norm trains, saves its statistics and predicts what the run measured") {
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/bn_test.exp",
                                   "seed 3\nimport std.models\ndata d = digits\n"
                                   "split d { train: 0.7, val: 0.15, test: 0.15, stratify: true }\n"
                                   "model net(x: [64]) -> [10] {\n  param g: [32] ~ ones\n  param b: [32] ~ zeros\n"
                                   "  h = relu(batch_norm(dense(x, 32), g, b))\n  return dense(h, 10)\n}\n"
                                   "train net on d {\n  loss = cross_entropy(net(x), y)\n  optimizer = adam(0.01)\n"
                                   "  epochs = 3\n  batch = 64\n}\nreport net { test: accuracy }\n");
  for (const auto& diag : c.diags.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(c.ok());
  TempDir dir;
  RunOptions o;
  o.out_dir = dir.str();
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = run_program(*c.ir, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(r.status == RunStatus::Ok);
  CHECK(r.report["state"].contains("g:running"));
  CHECK_FALSE(r.report["params"].contains("g:running"));
  const double measured = r.report["metrics"]["test"]["accuracy"].get<double>();
  CHECK(measured > 0.8);
  auto saved = load_saved_model(r.model_path, d);
  REQUIRE(saved);
  const Executable& exe = saved->model->executable();
  REQUIRE(exe.state_info().size() == 1);
  CHECK(exe.state_values(exe.state_info()[0])[0] != 0.f);  // the trained statistics, not the starting ones
  auto data = prepare_data(c.ir->data[0], c.ir->seed.value_or(0), d);
  REQUIRE(data);
  Matrix out;
  saved->model->predict(data->test.X, out);
  CHECK(metric("accuracy", out, data->test, Task::Classification) == measured);
}
