// End-to-end: tuning results that were silently wrong (issue 10, part 3).
//  * multi-fidelity studies (hyperband, sha, asha): one trial per
//    configuration, complete trials all had the full budget, the best is
//    chosen among them and is the model reported;
//  * cv with a pruner: trials are compared after the same number of folds on
//    the running mean;
//  * two models in one script: each study searches its own model's hypers,
//    and report.json / report.html carry both models.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/driver.h"
#include "runtime/report/html.h"
#include "runtime/report/report_schema.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

rt::RunResult run_source(const std::string& source, const fs::path& out, std::optional<int> parallel = std::nullopt) {
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/tune_results_test.exp", source);
  for (const auto& d : c.diags.all()) MESSAGE(d.code << ": " << d.message);
  REQUIRE(c.ir);
  rt::RunOptions o;
  o.out_dir = out.string();
  o.exp_version = "test";
  o.parallel = parallel;
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = rt::run_program(*c.ir, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  return r;
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string iris_mlp(const std::string& tune_lines, int epochs) {
  return fmt::format(R"(seed 5
data d = iris
split d {{ train: 0.6, val: 0.2, test: 0.2, stratify: true }}
standardize d

hyper lr     ~ loguniform(1e-3, 3e-1)
hyper hidden ~ int(2, 16)

model net(x: [F]) -> [C] {{
  param W1: [F, hidden] ~ glorot
  param b1: [hidden] ~ zeros
  param W2: [hidden, C] ~ glorot
  param b2: [C] ~ zeros
  return tanh(x @ W1 + b1) @ W2 + b2
}}

train net on d {{
  loss      = cross_entropy(net(x), y)
  optimizer = adam(lr)
  epochs    = {}
  batch     = 32
}}

tune net {{
{}
}}
)",
                     epochs, tune_lines);
}

}  // namespace

// Before: `method = hyperband` evaluated each rung as a separate trial (the
// same configuration again, as "complete", with 1, 3 or 9 epochs of 27) and
// could report a 1-epoch trial as the best; the final model was then trained
// for 27 epochs and scored differently from the best trial.
TEST_CASE("multi-fidelity studies: one trial per configuration, the best at the full budget") {
  for (const char* lines : {"  method = hyperband\n  trials = 18\n  maximize = val.accuracy",
                            "  method = random\n  prune = sha(min: 1, eta: 3)\n  trials = 12\n  maximize = val.accuracy",
                            "  method = asha\n  trials = 12\n  maximize = val.accuracy"}) {
    CAPTURE(lines);
    TempDir dir;
    auto r = run_source(iris_mlp(lines, 27), dir.path, 1);
    REQUIRE(r.status == rt::RunStatus::Ok);
    const json& rep = r.report;
    const json& trials = rep["trials"];
    std::set<std::string> configurations;
    int complete = 0, pruned = 0;
    for (const auto& t : trials) {
      CAPTURE(t.dump());
      // One configuration is one trial: its rungs are its intermediate values.
      CHECK(configurations.insert(t["hypers"].dump()).second);
      REQUIRE(t.contains("budget"));
      CHECK(t["budget"].get<int>() == static_cast<int>(t["intermediate"].size()));
      if (t["state"] == "complete") {
        ++complete;
        CHECK(t["budget"] == 27);  // every complete trial had the full budget (no early stopping here)
      } else if (t["state"] == "pruned") {
        ++pruned;
        CHECK(t["budget"].get<int>() < 27);
      }
    }
    // Pruned and complete mean the same for every method.
    CHECK(rep["study"]["complete"] == complete);
    CHECK(rep["study"]["pruned"] == pruned);
    CHECK(rep["study"]["parallel"] == 1);
    CHECK(pruned > 0);
    CAPTURE(rep["best"].dump());
    CHECK(rep["best"]["budget"] == 27);
    // The model reported is the best trial's own: same score, not retrained.
    CHECK(rep["training"]["from_trial"] == rep["best"]["number"]);
    CHECK(rep["metrics"]["val"]["accuracy"].get<double>() == rep["best"]["value"].get<double>());
    CHECK(rt::report::validate(rep).empty());
    // trials.csv and the HTML report have the budget column.
    CHECK(read_text(dir.path / "trials.csv").rfind("number,state,value,budget,seconds,", 0) == 0);
    CHECK(rt::report::render_html(rep).find("<th>value</th><th>epochs</th>") != std::string::npos);
  }
}

TEST_CASE("hyperband: the same trials serial and parallel") {
  const std::string src = iris_mlp("  method = hyperband\n  trials = 12\n  maximize = val.accuracy", 9);
  TempDir a, b;
  auto one = run_source(src, a.path, 1), two = run_source(src, b.path, 2);
  REQUIRE(one.status == rt::RunStatus::Ok);
  REQUIRE(two.status == rt::RunStatus::Ok);
  CHECK(one.report["trials"].size() == two.report["trials"].size());
  for (size_t i = 0; i < one.report["trials"].size(); ++i) {
    CHECK(one.report["trials"][i]["hypers"] == two.report["trials"][i]["hypers"]);
    CHECK(one.report["trials"][i]["state"] == two.report["trials"][i]["state"]);
    CHECK(one.report["trials"][i]["intermediate"] == two.report["trials"][i]["intermediate"]);
  }
  CHECK(one.report["best"] == two.report["best"]);
  CHECK(one.report["study"]["parallel"] == 1);
  CHECK(two.report["study"]["parallel"] == 2);
  // Left to the machine (no `parallel =`, no --parallel): one per hardware thread, recorded all the same.
  TempDir c;
  auto machine = run_source(src, c.path);
  REQUIRE(machine.status == rt::RunStatus::Ok);
  CHECK(machine.report["study"]["parallel"].get<int>() >= 1);
  CHECK(machine.report["study"]["parallel_default"] == true);
  CHECK_FALSE(one.report["study"].contains("parallel_default"));
}

// Before: under cv each fold's own score was reported at step = fold index,
// and the pruner compared fold k of one trial with fold k of others as if k
// were an epoch (ASHA's max was the epochs, 20, so rungs 1, 3 were folds).
TEST_CASE("cv with a pruner compares trials after the same folds on the running mean") {
  TempDir dir;
  auto r = run_source(iris_mlp("  method = asha\n  cv = 4\n  trials = 12\n  maximize = cv.accuracy", 20), dir.path, 1);
  REQUIRE(r.status == rt::RunStatus::Ok);
  int pruned = 0;
  for (const auto& t : r.report["trials"]) {
    CAPTURE(t.dump());
    const json& inter = t["intermediate"];
    REQUIRE(t.contains("budget"));
    CHECK(t["budget"].get<int>() == static_cast<int>(inter.size()));  // folds done
    if (t["state"] == "pruned") {
      ++pruned;
      CHECK(t["reason"].get<std::string>().find("rung") != std::string::npos);
      continue;
    }
    if (t["state"] != "complete") continue;
    REQUIRE(t["folds"].size() == 4);
    REQUIRE(inter.size() == 4);
    double sum = 0;
    for (size_t k = 0; k < 4; ++k) {
      sum += t["folds"][k].get<double>();
      CHECK(inter[k].get<double>() == doctest::Approx(sum / static_cast<double>(k + 1)));
    }
    CHECK(t["value"].get<double>() == doctest::Approx(sum / 4));
  }
  CHECK(pruned > 0);
}

// Before: each study searched every hyper of the script (the logistic
// model's trials carried the MLP's width, and importance credited it), and
// report.json, report.html and `exp show` kept only the last model.
TEST_CASE("two models in one script: each study searches its own hypers; the report has both") {
  const std::string src = R"(seed 3
data d = iris
split d { train: 0.6, val: 0.2, test: 0.2, stratify: true }
standardize d

hyper lr    ~ loguniform(1e-3, 3e-1)
hyper width ~ int(2, 32)
hyper lr2   ~ loguniform(1e-3, 3e-1)

model logreg(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  param b: [C] ~ zeros
  return x @ W + b
}

model mlp(x: [F]) -> [C] {
  param W1: [F, width] ~ glorot
  param b1: [width] ~ zeros
  param W2: [width, C] ~ glorot
  param b2: [C] ~ zeros
  return tanh(x @ W1 + b1) @ W2 + b2
}

train logreg on d {
  loss      = cross_entropy(logreg(x), y)
  optimizer = adam(lr)
  epochs    = 5
}

train mlp on d {
  loss      = cross_entropy(mlp(x), y)
  optimizer = adam(lr2)
  epochs    = 5
}

tune logreg {
  method   = random
  trials   = 6
  maximize = val.accuracy
}

tune mlp {
  method   = random
  trials   = 6
  maximize = val.accuracy
}
)";
  TempDir dir;
  auto r = run_source(src, dir.path, 1);
  REQUIRE(r.status == rt::RunStatus::Ok);
  const json rep = json::parse(read_text(dir.path / "report.json"));
  CHECK(rt::report::validate(rep).empty());
  CHECK(rep["schema"] == rt::report::kSchema);
  REQUIRE(rep.contains("models"));
  REQUIRE(rep["models"].size() == 2);
  const json& logreg = rep["models"][0];
  const json& mlp = rep["models"][1];
  CHECK(logreg["model"] == "logreg");
  CHECK(mlp["model"] == "mlp");
  CHECK(rep["model"] == "mlp");  // the top level is the run's model.expm
  for (const auto& t : logreg["trials"]) {
    CHECK(t["hypers"].contains("lr"));
    CHECK_FALSE(t["hypers"].contains("width"));
    CHECK_FALSE(t["hypers"].contains("lr2"));
  }
  for (const auto& t : mlp["trials"]) CHECK_FALSE(t["hypers"].contains("lr"));
  if (logreg.contains("importance")) {
    CHECK_FALSE(logreg["importance"].contains("width"));
    CHECK_FALSE(logreg["importance"].contains("lr2"));
  }
  for (const auto& h : logreg["search_space"]) CHECK(h["name"] != "width");
  // Each model's trials file; the earlier model's has none of the other's columns.
  const std::string first_csv = read_text(dir.path / "trials.logreg.csv");
  CHECK(first_csv.find("width") == std::string::npos);
  CHECK(read_text(dir.path / "trials.csv").find("width") != std::string::npos);
  // The HTML report and `exp show` (model_entries) render both.
  const auto entries = rt::report::model_entries(rep);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0]["script"] == rep["script"]);
  const std::string html = rt::report::render_html(rep);
  CHECK(html.find("<h1>logreg on d</h1>") != std::string::npos);
  CHECK(html.find("<h1>mlp on d</h1>") != std::string::npos);

  // Both studies live in the run's study.db: resuming continues each (before,
  // the second model's study replaced the store, losing the first's trials).
  CompileResult c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/tune_results_test.exp", src);
  REQUIRE(c.ir);
  rt::RunOptions o;
  o.out_dir = dir.path.string();
  o.resume = true;
  o.parallel = 1;
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto resumed = rt::run_program(*c.ir, o, d);
  REQUIRE(resumed.status == rt::RunStatus::Ok);
  REQUIRE(resumed.model_reports.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CAPTURE(i);
    CHECK(resumed.model_reports[i]["study"]["resumed"] == true);
    CHECK(resumed.model_reports[i]["trials"] == rep["models"][i]["trials"]);
  }
}

TEST_CASE("report.json of exp.report/1 (one model) is still read") {
  json old = {{"schema", "exp.report/1"}, {"exp_version", "0.1"}, {"script", {{"path", "a.exp"}}}, {"model", "m"}};
  CHECK(rt::report::validate(old).empty());
  CHECK(rt::report::model_entries(old).size() == 1);
  old["models"] = json::array({json::object(), json::object()});
  CHECK_FALSE(rt::report::validate(old).empty());
}

TEST_CASE("a trained model beside a black-box study: the model is the top level, each has its trials file") {
  const std::string src = R"(seed 3
data d = iris
split d { train: 0.6, val: 0.2, test: 0.2, stratify: true }
standardize d

hyper x ~ uniform(-2, 2)

model logreg(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  param b: [C] ~ zeros
  return x @ W + b
}

train logreg on d {
  loss   = cross_entropy(logreg(x), y)
  epochs = 3
}

tune {
  method   = random
  trials   = 5
  minimize = x * x
}
)";
  TempDir dir;
  auto r = run_source(src, dir.path, 1);
  REQUIRE(r.status == rt::RunStatus::Ok);
  const json rep = json::parse(read_text(dir.path / "report.json"));
  for (const auto& problem : rt::report::validate(rep)) FAIL_CHECK(problem);
  CHECK(rep["model"] == "logreg");  // model.expm's report, not the study's
  REQUIRE(rep["models"].size() == 2);
  CHECK(rep["models"][1].contains("objective"));
  CHECK(fs::exists(dir.path / "trials.blackbox.csv"));
  CHECK_FALSE(fs::exists(dir.path / "trials.csv"));  // the model was not tuned
}
