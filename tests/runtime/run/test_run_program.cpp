// run_program end to end on a hand-built iris program: report.json fields,
// the model file round trip, corrupt files refused, determinism serial vs
// parallel, cv and black-box studies, --set, divergence.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver.h"
#include "runtime/data/load.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/predict.h"
#include "runtime/predict/saved_model.h"
#include "runtime/report/report_schema.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"
#include "tests/runtime/run_test_program.h"

using namespace xp;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

rt::RunResult run(const ir::Program& p, const std::string& out, rt::RunOptions o = {}) {
  o.out_dir = out;
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = rt::run_program(p, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  return r;
}

json read_json(const std::string& path) {
  std::ifstream f(path);
  return json::parse(f);
}

void require_number_map(const json& j) {
  REQUIRE(j.is_object());
  // Not a structured binding: CHECK_MESSAGE captures it in a lambda, which clang 14 rejects.
  for (const auto& item : j.items()) CHECK_MESSAGE(item.value().is_number(), item.key());
}

}  // namespace

TEST_CASE("a plain run writes report.json with the documented fields and a usable model file") {
  TempDir dir;
  ir::Program p = test::iris_program();
  auto r = run(p, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  CHECK(r.exit_code == 0);
  REQUIRE(fs::exists(r.report_path));
  json j = read_json(r.report_path);
  CHECK(j == r.report);

  CHECK(j["schema"] == "exp.report/2");
  CHECK(j["created"].is_string());
  CHECK(j["script"]["seed"] == 42);
  CHECK(j["model"] == "mlp");
  CHECK(j["task"] == "classification");
  CHECK(j["data"]["name"] == "iris");
  CHECK(j["data"]["features"] == 4);
  CHECK(j["data"]["classes"].size() == 3);
  CHECK(j["data"]["rows"]["train"] == 90);
  CHECK(j["data"]["rows"]["val"] == 30);
  CHECK(j["data"]["rows"]["test"] == 30);
  CHECK(j["data"]["fingerprints"]["test"].is_string());
  REQUIRE(j["search_space"].is_array());
  CHECK(j["search_space"].size() == 4);
  CHECK(j["hypers"]["hidden"] == 8);
  CHECK(j["hypers"]["act"] == "tanh");
  REQUIRE(j["params"].is_object());
  CHECK(j["params"]["W1"]["shape"] == json::array({4, 8}));
  CHECK(j["params"]["W1"]["count"] == 32);
  CHECK(j["params"]["W1"]["norm"].is_number());
  CHECK(j["param_count"] == 4 * 8 + 8 + 8 * 3 + 3);
  for (const char* part : {"train", "val", "test"}) {
    CAPTURE(part);
    require_number_map(j["metrics"][part]);
    CHECK(j["metrics"][part]["loss"].is_number());
    CHECK(j["metrics"][part]["accuracy"].is_number());
  }
  CHECK(j["metrics"]["test"]["f1"].is_number());
  CHECK(j["metrics"]["test"]["accuracy"].get<double>() >= 0.85);
  CHECK(j["confusion"]["labels"].size() == 3);
  CHECK(j["confusion"]["matrix"].size() == 3);
  REQUIRE(j["history"].size() == 30);
  double cumulative = 0;
  for (const auto& e : j["history"]) {
    CHECK(e["epoch"].is_number_integer());
    CHECK(e["train_loss"].is_number());
    CHECK(e["val_loss"].is_number());
    CHECK(e["val.accuracy"].is_number());
    CHECK(e["seconds"].is_number());
    // seconds is cumulative, epoch_seconds the epoch alone
    REQUIRE(e["epoch_seconds"].is_number());
    CHECK(e["epoch_seconds"].get<double>() > 0);
    CHECK(e["epoch_seconds"].get<double>() <= e["seconds"].get<double>() - cumulative + 1e-9);
    CHECK(e["seconds"].get<double>() >= cumulative);
    REQUIRE(e["epoch_cpu_seconds"].is_number());
    CHECK(e["epoch_cpu_seconds"].get<double>() >= 0);
    cumulative = e["seconds"].get<double>();
  }
  CHECK_FALSE(j.contains("study"));  // nothing was tuned

  SUBCASE("the saved model predicts exactly what the run measured") {
    REQUIRE(fs::exists(r.model_path));
    Diagnostics d;
    auto saved = rt::load_saved_model(r.model_path, d);
    REQUIRE(saved);
    CHECK(saved->name == "mlp");
    auto data = rt::prepare_data(p.data[0], 42, d);
    REQUIRE(data);
    rt::Matrix out;
    saved->model->predict(data->test.X, out);
    double acc = rt::metric("accuracy", out, data->test, rt::Task::Classification);
    CHECK(acc == j["metrics"]["test"]["accuracy"].get<double>());

    // and through a CSV: the raw iris file, scaled with the saved statistics
    std::ostringstream csv;
    rt::PredictOptions po;
    po.probabilities = true;
    po.chunk_rows = 7;  // several chunks, a partial last one
    auto pr = rt::predict_csv(r.model_path, std::string(EXP_SOURCE_DIR) + "/stdlib/data/iris.csv", csv, po, d);
    REQUIRE(pr.ok);
    CHECK(pr.rows == 150);
    CHECK(pr.had_target);
    CHECK(pr.accuracy >= 0.85);
    std::string header = csv.str().substr(0, csv.str().find('\n'));
    CHECK(header == "prediction,p(setosa),p(versicolor),p(virginica)");
  }

  SUBCASE("a corrupt or truncated model file is refused") {
    std::string bytes;
    {
      std::ifstream f(r.model_path, std::ios::binary);
      std::ostringstream s;
      s << f.rdbuf();
      bytes = s.str();
    }
    for (int variant = 0; variant < 2; ++variant) {
      std::string bad = bytes;
      if (variant == 0) bad[bad.size() / 2] ^= 0x5A;
      else bad.resize(bad.size() - 9);
      std::string path = dir.str() + "/bad.expm";
      std::ofstream(path, std::ios::binary) << bad;
      Diagnostics d;
      CHECK_FALSE(rt::load_saved_model(path, d));
      REQUIRE(d.has_errors());
      CHECK(d.all()[0].code == "E0907");
    }
  }
}

TEST_CASE("--export-splits writes the rows each part was trained on") {
  TempDir dir, splits;
  rt::RunOptions o;
  o.export_splits_dir = splits.str();
  auto r = run(xp::test::iris_program(2), dir.str(), o);
  REQUIRE(r.status == rt::RunStatus::Ok);
  size_t rows = 0;
  for (const char* part : {"train", "val", "test"}) {
    std::ifstream f(splits.path / fmt::format("iris.{}.csv", part));
    REQUIRE(f.good());
    std::string line;
    std::getline(f, line);
    CHECK(line.find("target") != std::string::npos);
    CHECK(std::count(line.begin(), line.end(), ',') == 4);  // 4 features, then the class index
    size_t n = 0;
    while (std::getline(f, line)) ++n;
    CHECK(n > 0);
    rows += n;
  }
  CHECK(rows == 150);
}

TEST_CASE("evaluate scores the trained model on a part, on its own test rows and on another data set") {
  ir::Program p = xp::test::iris_program(5);
  ir::DataSpec other = p.data.front();
  other.name = "flowers";
  other.preprocess.clear();  // scaled with the training data's fit, not its own
  p.data.push_back(other);
  p.evaluations = {{"mlp", "", "", {}}, {"mlp", "iris", "val", {}}, {"mlp", "flowers", "", {}}, {"mlp", "flowers", "test", {}}};
  TempDir dir;
  auto r = run(p, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  const json& ev = r.report["evaluations"];
  REQUIRE(ev.size() == 4);
  CHECK(ev[0]["data"] == "iris");
  CHECK(ev[0]["part"] == "test");
  CHECK(ev[0]["metrics"] == r.report["metrics"]["test"]);  // `evaluate mlp` is the held-out test part
  CHECK(ev[1]["part"] == "val");
  CHECK(ev[1]["metrics"] == r.report["metrics"]["val"]);
  CHECK(ev[2]["part"] == "all");
  CHECK(ev[2]["rows"] == 150);
  // The same rows, split with the same seed and spec, encoded and scaled as
  // the training data: the test part of the copy scores as the test part.
  CHECK(ev[3]["rows"] == 30);
  CHECK(ev[3]["metrics"]["accuracy"] == r.report["metrics"]["test"]["accuracy"]);
  for (const auto& problem : rt::report::validate(r.report))
    if (problem.rfind("evaluations", 0) == 0) FAIL_CHECK(problem);
}

TEST_CASE("evaluate on data with other columns is an error, not a score") {
  ir::Program p = xp::test::iris_program(2);
  xp::test::add_evaluation_on_moons(p);
  TempDir dir;
  rt::RunOptions o;
  o.out_dir = dir.str();
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = rt::run_program(p, o, d);
  CHECK(r.status == rt::RunStatus::UserError);
  REQUIRE(d.error_count() >= 1);
  CHECK(d.all().front().message.find("does not have the features") != std::string::npos);
}

TEST_CASE("same seed, same run: history and parameters identical") {
  TempDir a, b;
  ir::Program p = test::iris_program(8);
  auto ra = run(p, a.str()), rb = run(p, b.str());
  REQUIRE(ra.status == rt::RunStatus::Ok);
  REQUIRE(rb.status == rt::RunStatus::Ok);
  CHECK(ra.report["params"] == rb.report["params"]);
  CHECK(ra.report["metrics"] == rb.report["metrics"]);
  for (size_t i = 0; i < ra.report["history"].size(); ++i)
    CHECK(ra.report["history"][i]["train_loss"] == rb.report["history"][i]["train_loss"]);

  TempDir c;
  rt::RunOptions o;
  o.seed = 7;
  auto rc = run(p, c.str(), o);
  CHECK(rc.report["params"] != ra.report["params"]);
}

TEST_CASE("a tuned run gives the same trials serial and parallel, then refits the best") {
  ir::Program p = test::iris_program(6);
  test::add_tuning(p, "random", 4, 1, "val.accuracy");
  TempDir a, b;
  auto ra = run(p, a.str());
  rt::RunOptions two;
  two.parallel = 2;
  auto rb = run(p, b.str(), two);
  REQUIRE(ra.status == rt::RunStatus::Ok);
  REQUIRE(rb.status == rt::RunStatus::Ok);
  json ja = ra.report, jb = rb.report;
  REQUIRE(ja["trials"].size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(ja["trials"][i]["hypers"] == jb["trials"][i]["hypers"]);
    CHECK(ja["trials"][i]["value"] == jb["trials"][i]["value"]);
    CHECK(ja["trials"][i]["state"] == "complete");
    CHECK(ja["trials"][i]["intermediate"].size() == 6);
  }
  CHECK(ja["best"] == jb["best"]);
  CHECK(ja["study"]["method"] == "random");
  CHECK(ja["study"]["direction"] == "maximize");
  CHECK(ja["study"]["complete"] == 4);
  CHECK(ja["hypers"] == ja["best"]["hypers"]);
  CHECK(ja["params"] == jb["params"]);
  // The model reported is the one that scored best, to the last bit: the
  // best trial's own, kept by the study rather than trained again.
  CHECK(ja["metrics"]["val"]["accuracy"].get<double>() == ja["best"]["value"].get<double>());
  CHECK(ja["training"]["from_trial"] == ja["best"]["number"]);
  // (A hand-built program has no script file or version: only the training object is checked here.)
  for (const auto& problem : rt::report::validate(ja))
    if (problem.rfind("training", 0) == 0) FAIL_CHECK(problem);
  CHECK(fs::exists(a.path / "study.db"));
  CHECK(fs::exists(a.path / "trials.csv"));

  // Resuming the finished study runs no trial, so nothing is kept and the
  // best configuration is refit with its trial's seed: the same model.
  rt::RunOptions resume;
  resume.resume = true;
  auto rr = run(p, a.str(), resume);
  REQUIRE(rr.status == rt::RunStatus::Ok);
  CHECK(!rr.report["training"].contains("from_trial"));
  for (const auto& problem : rt::report::validate(rr.report))
    if (problem.rfind("training", 0) == 0) FAIL_CHECK(problem);
  CHECK(rr.report["params"] == ja["params"]);
  CHECK(rr.report["metrics"] == ja["metrics"]);
}

TEST_CASE("a cv objective reports per-fold scores and their spread") {
  ir::Program p = test::iris_program(5);
  test::add_tuning(p, "random", 2, 1, "cv.accuracy");
  p.tunes[0].cv_folds = 3;
  TempDir dir;
  auto r = run(p, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  REQUIRE(r.report["trials"].size() == 2);
  for (const auto& t : r.report["trials"]) {
    CHECK(t["folds"].size() == 3);
    CHECK(t["std"].is_number());
    CHECK(t["intermediate"].size() == 3);
  }
  CHECK(r.report["study"]["metric"] == "cv.accuracy");
}

TEST_CASE("a black-box study needs no data and no model") {
  ir::Program p;
  p.seed = 3;
  ir::HyperDomain x;
  x.name = "x";
  x.kind = ir::HyperDomain::Kind::Uniform;
  x.low = -2;
  x.high = 2;
  ir::HyperDomain y = x;  // searched, but the objective ignores it: not part of the study
  y.name = "y";
  p.space.hypers = {x, y};
  ir::TuneSpec t;
  t.method = "random";
  t.trials = 10;
  t.parallel = 1;
  t.maximize = false;
  ir::HExpr sq;
  sq.kind = ir::HExpr::Kind::Mul;
  sq.args = {ir::HExpr::hyper("x"), ir::HExpr::hyper("x")};
  t.objective = sq;
  p.tunes.push_back(t);
  TempDir dir;
  auto r = run(p, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  CHECK(r.report["trials"].size() == 10);
  CHECK(r.report["best"]["value"].get<double>() < 1.0);
  CHECK_FALSE(r.report.contains("model"));
  for (const auto& trial : r.report["trials"]) CHECK_FALSE(trial["hypers"].contains("y"));
  // Importance: x explains all of the objective's variation.
  REQUIRE(r.report.contains("importance"));
  const auto& imp = r.report["importance"];
  CHECK_FALSE(imp.contains("y"));
  CHECK(imp["x"].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("a black-box study beside a model searches only the hypers its objective reads") {
  // `w` is the model's; the black-box objective reads only `a`. Before, the
  // black-box study sampled `w` too and gave it a share of the importance.
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/blackbox_beside_model.exp",
                                   "seed 1\ndata d = moons(n: 60)\nsplit d { train: 0.6, val: 0.2, test: 0.2 }\n"
                                   "hyper w ~ choice(2, 3, 4, 5)\n"
                                   "model n(x: [F]) -> [C] {\n  param W: [F, w] ~ he\n  param V: [w, C] ~ he\n"
                                   "  return relu(x @ W) @ V\n}\n"
                                   "train n on d {\n  loss = cross_entropy(n(x), y)\n  epochs = 1\n}\n"
                                   "tune n { trials = 2\n parallel = 1 }\n"
                                   "hyper a ~ uniform(-1, 1)\ntune {\n  minimize = a ^ 2\n  trials = 6\n  parallel = 1\n}\n"
                                   "print w + a\n");
  REQUIRE(c.ir);
  TempDir dir;
  rt::RunOptions o;
  o.out_dir = dir.str();
  std::vector<std::string> lines;
  o.print = [&](const std::string& line) { lines.push_back(line); };
  Diagnostics d;
  auto r = rt::run_program(*c.ir, o, d);
  REQUIRE(r.status == rt::RunStatus::Ok);
  REQUIRE(r.report["models"].size() == 2);
  const json& blackbox = r.report["models"][1];
  REQUIRE(blackbox.contains("objective"));
  CHECK(blackbox["trials"].size() == 6);
  for (const auto& trial : blackbox["trials"]) {
    CHECK(trial["hypers"].contains("a"));
    CHECK_FALSE(trial["hypers"].contains("w"));
  }
  CHECK_FALSE(blackbox["importance"].contains("w"));
  REQUIRE(blackbox["search_space"].size() == 1);
  CHECK(blackbox["search_space"][0]["name"] == "a");
  // `print` still sees the model's chosen `w` beside the study's `a`.
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("not available") == std::string::npos);
  CHECK(lines[0].rfind("w + a = ", 0) == 0);
}

TEST_CASE("two black-box tune blocks are two studies, each with its own trials file") {
  // Both were the study `blackbox`: the second resumed the first and failed
  // with E1002 (created to minimize, this block maximizes).
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/two_blackbox.exp",
                                   "hyper a ~ uniform(0, 1)\nhyper b ~ uniform(0, 1)\n"
                                   "tune {\n  minimize = a\n  trials = 3\n  parallel = 1\n}\n"
                                   "tune {\n  maximize = b\n  trials = 4\n  parallel = 1\n}\n");
  REQUIRE(c.ir);
  TempDir dir;
  auto r = run(*c.ir, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  REQUIRE(r.report["models"].size() == 2);
  CHECK(r.report["models"][0]["trials"].size() == 3);
  CHECK(r.report["models"][1]["trials"].size() == 4);
  CHECK(r.report["models"][1]["trials"][0]["hypers"].contains("b"));
  CHECK_FALSE(r.report["models"][1]["trials"][0]["hypers"].contains("a"));
  CHECK(fs::exists(dir.path / "trials.csv"));
  CHECK(fs::exists(dir.path / "trials.blackbox_2.csv"));
}

TEST_CASE("two studies of one script draw different configurations, the same ones in every run") {
  // Both were seeded with the run's seed and drew the same sequence of `a`.
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/two_blackbox.exp",
                                   "seed 3\nhyper a ~ uniform(0, 1)\n"
                                   "tune {\n  minimize = a\n  method = random\n  trials = 5\n}\n"
                                   "tune {\n  minimize = (a - 0.5) ^ 2\n  method = random\n  trials = 5\n}\n");
  REQUIRE(c.ir);
  auto draws = [&](int parallel) {
    TempDir dir;
    rt::RunOptions o;
    o.parallel = parallel;
    auto r = run(*c.ir, dir.str(), o);
    REQUIRE(r.status == rt::RunStatus::Ok);
    std::vector<std::vector<double>> out(2);
    for (size_t m = 0; m < 2; ++m)
      for (const auto& t : r.report["models"][m]["trials"]) out[m].push_back(t["hypers"]["a"].get<double>());
    return out;
  };
  const auto one = draws(1);
  REQUIRE(one[0].size() == 5);
  REQUIRE(one[1].size() == 5);
  for (size_t i = 0; i < 5; ++i) CHECK(one[0][i] != one[1][i]);
  CHECK(draws(1) == one);  // same seed, same draws
  CHECK(draws(3) == one);  // serial or parallel
}

TEST_CASE("--set fixes a hyper; an unknown one is a user error") {
  ir::Program p = test::iris_program(2);
  TempDir dir;
  rt::RunOptions o;
  o.overrides = {{"hidden", "5"}};
  auto r = run(p, dir.str(), o);
  REQUIRE(r.status == rt::RunStatus::Ok);
  CHECK(r.report["hypers"]["hidden"] == 5);
  CHECK(r.report["params"]["W1"]["shape"] == json::array({4, 5}));

  o.overrides = {{"hiden", "5"}};
  Diagnostics d;
  o.out_dir = dir.str();
  auto bad = rt::run_program(p, o, d);
  CHECK(bad.status == rt::RunStatus::UserError);
  CHECK(bad.exit_code == 2);
  REQUIRE(d.has_errors());
  CHECK(d.all()[0].code == "E0901");
}

TEST_CASE("a run whose loss diverges fails, naming the epoch") {
  ir::Program p = test::iris_program(5);
  TempDir dir;
  rt::RunOptions o;
  o.overrides = {{"lr", "1e38"}};
  auto r = run(p, dir.str(), o);
  CHECK(r.status == rt::RunStatus::Failed);
  CHECK(r.exit_code == 1);
  CHECK(r.failure.find("epoch") != std::string::npos);
  CHECK(r.model_path.empty());
}

TEST_CASE("print shows a string as itself and an expression of hypers with its text") {
  // No model is trained: the fixed hypers alone give the values.
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/print_test.exp",
                                   "hyper lr = 0.1\nprint lr * 2\nprint \"done\"\n");
  REQUIRE(c.ir);
  TempDir dir;
  rt::RunOptions o;
  o.out_dir = dir.str();
  std::vector<std::string> lines;
  o.print = [&](const std::string& line) { lines.push_back(line); };
  Diagnostics d;
  auto r = rt::run_program(*c.ir, o, d);
  CHECK(r.status == rt::RunStatus::Ok);
  CHECK(lines == std::vector<std::string>{"lr * 2 = 0.2", "done"});
}

TEST_CASE("a refit on train+val reports its in-sample numbers as train+val, never as a held-out val") {
  auto p = test::iris_program(5);
  test::add_tuning(p, "random", 3, 1, "val.accuracy");
  p.tunes.back().refit_on_train_val = true;
  TempDir dir;
  auto r = run(p, dir.str());
  REQUIRE(r.status == rt::RunStatus::Ok);
  const json& metrics = r.report["metrics"];
  CHECK(metrics.contains("train+val"));
  CHECK(metrics.contains("test"));
  CHECK_FALSE(metrics.contains("val"));
  CHECK_FALSE(metrics.contains("train"));
  CHECK(r.report["training"]["refit_on"] == "train+val");
  // (A hand-built program has no script file or version: those problems are expected.)
  for (const auto& problem : rt::report::validate(r.report))
    if (problem.rfind("exp_version", 0) != 0 && problem.rfind("script", 0) != 0) FAIL_CHECK(problem);
}
