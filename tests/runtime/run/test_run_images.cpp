// An image model end to end: a script with std.models' cnn over the digits
// reshaped to 8 × 8 × 1 compiles, trains, and its saved model (shapes with
// quotients and products in the IR) predicts what the run measured.
#include <doctest/doctest.h>

#include <filesystem>

#include "compiler/driver.h"
#include "runtime/data/load.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;

TEST_CASE("a CNN on the digits as images trains, saves and predicts") {
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/cnn_test.exp",
                                   "seed 2\nimport std.models\ndata d = digits\n"
                                   "split d { train: 0.7, val: 0.15, test: 0.15, stratify: true }\nstandardize d\n"
                                   "hyper kernel = 3\n"
                                   "model net(x: [64]) -> [10] {\n  img = reshape(x, shape: [8, 8, 1])\n"
                                   "  return cnn(img, 4, kernel, 10)\n}\n"
                                   "train net on d {\n  loss = cross_entropy(net(x), y)\n  optimizer = adam(0.01)\n"
                                   "  epochs = 2\n  batch = 64\n}\nreport net { test: accuracy }\n");
  for (const auto& diag : c.diags.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(c.ok());
  TempDir dir;
  rt::RunOptions o;
  o.out_dir = dir.str();
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = rt::run_program(*c.ir, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(r.status == rt::RunStatus::Ok);
  const double measured = r.report["metrics"]["test"]["accuracy"].get<double>();
  CHECK(measured > 0.8);  // two epochs of a 4-filter CNN: well above chance (0.1)

  auto saved = rt::load_saved_model(r.model_path, d);
  REQUIRE(saved);
  auto data = rt::prepare_data(c.ir->data[0], c.ir->seed.value_or(0), d);
  REQUIRE(data);
  rt::Matrix out;
  saved->model->predict(data->test.X, out);
  CHECK(rt::metric("accuracy", out, data->test, rt::Task::Classification) == measured);
}
