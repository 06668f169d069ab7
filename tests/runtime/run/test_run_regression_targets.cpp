// Regression targets of any size train at ordinary learning rates: under
// `standardize` the target is scaled too (fitted on train), while metrics,
// report.json and `exp predict` stay in the target's own units; an unscaled
// target too large for adam's steps is warned about (W0901). The figures to
// beat are scikit-learn's LinearRegression on the same rows (docs/data.md).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "compiler/driver.h"
#include "runtime/io/model_file.h"
#include "runtime/predict/predict.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"

using namespace xp;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path path;
  Folder() {
    static int counter = 0;
    path = fs::temp_directory_path() / fmt::format("exp-test-regression-{}-{}", ::getpid(), counter++);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
};

// A house-price-like table: price ≈ 150 000 + 2 000·area + 25 000·rooms −
// 1 500·age ± noise, prices around 1e5–1e6 (seeded, the same on every machine).
std::string houses_csv(int rows) {
  uint64_t state = 12345;
  auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
  };
  std::string out = "area,rooms,age,price\n";
  for (int i = 0; i < rows; ++i) {
    double area = 40 + 260 * uniform(), rooms = std::floor(1 + 6 * uniform()), age = 80 * uniform();
    double noise = (uniform() + uniform() + uniform() - 1.5) * 40000;
    double price = 150000 + 2000 * area + 25000 * rooms - 1500 * age + noise;
    out += fmt::format("{:.1f},{},{:.1f},{:.0f}\n", area, rooms, age, price);
  }
  return out;
}

// Two targets of different scales and noise from the same three inputs:
// a ≈ 1 000 + 300·x1 − 200·x2 ± 60 (thousands), b ≈ 2 − x3 + 0.5·x1 ± 0.02
// (units), so a fitted model has a worse r2 on a than on b and rmses three
// orders of magnitude apart.
std::string two_targets_csv(int rows) {
  uint64_t state = 777;
  auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
  };
  std::string out = "x1,x2,x3,a,b\n";
  for (int i = 0; i < rows; ++i) {
    double x1 = 10 * uniform(), x2 = 10 * uniform(), x3 = 10 * uniform();
    double a = 1000 + 300 * x1 - 200 * x2 + (uniform() - 0.5) * 600;
    double b = 2 - x3 + 0.5 * x1 + (uniform() - 0.5) * 0.2;
    out += fmt::format("{:.3f},{:.3f},{:.3f},{:.1f},{:.4f}\n", x1, x2, x3, a, b);
  }
  return out;
}

std::string linreg_script(const std::string& data_line, const std::string& scaling, double lr, int epochs) {
  return fmt::format(R"(seed 3
{}
split d {{ train: 0.7, val: 0.15, test: 0.15 }}
{}
model linreg(x: [F]) -> [T] {{
  param W: [F, T] ~ zeros
  param b: [T] ~ zeros
  return x @ W + b
}}
train linreg on d {{
  loss      = mse(linreg(x), y)
  optimizer = adam({})
  epochs    = {}
  batch     = 32
}}
)",
                     data_line, scaling, lr, epochs);
}

struct Outcome {
  rt::RunResult run;
  Diagnostics diags;
};

Outcome run_script(const Folder& dir, const std::string& text) {
  std::string script = (dir.path / "script.exp").string();
  std::ofstream(script) << text;
  CompileResult c = compile_file(script);
  for (const auto& d : c.diags.all()) MESSAGE(d.code << ": " << d.message);
  REQUIRE(c.ir);
  Outcome o;
  rt::RunOptions ro;
  ro.out_dir = (dir.path / "run").string();
  ro.print = [](const std::string&) {};
  o.run = rt::run_program(*c.ir, ro, o.diags);
  for (const auto& d : o.diags.all()) MESSAGE(d.code << ": " << d.message);
  return o;
}

bool has_code(const Diagnostics& d, const std::string& code) {
  for (const auto& x : d.all())
    if (x.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("house prices (~1e5–1e6) under standardize reach scikit-learn's r2 with adam(0.01)") {
  Folder dir;
  std::ofstream(dir.path / "houses.csv") << houses_csv(600);
  auto o = run_script(dir, linreg_script(R"(data d = csv("houses.csv", target: "price"))", "standardize d", 0.01, 60));
  REQUIRE(o.run.status == rt::RunStatus::Ok);
  const json& r = o.run.report;
  CHECK(r["data"]["target_scaling"] == "standardize");
  double r2 = r["metrics"]["test"]["r2"].get<double>();
  double rmse = r["metrics"]["test"]["rmse"].get<double>();
  // scikit-learn's LinearRegression on these rows: r2 0.988; exp got −10.3 before (bench/accuracy/regression.py).
  CHECK(r2 > 0.97);
  // rmse in the target's units (the noise is ±40 000 wide), not in standardized ones.
  CHECK(rmse > 5000);
  CHECK(rmse < 40000);
  CHECK_FALSE(has_code(o.diags, "W0901"));

  // exp predict maps the outputs back to prices.
  std::ofstream(dir.path / "new.csv") << "area,rooms,age\n100,3,10\n250,6,5\n";
  std::ostringstream out;
  Diagnostics pd;
  rt::PredictOptions po;
  auto p = rt::predict_csv(o.run.model_path, (dir.path / "new.csv").string(), out, po, pd);
  REQUIRE(p.ok);
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header == "prediction");
  // The generating formula: 150000 + 200000 + 75000 − 15000 = 410 000; 150000 + 500000 + 150000 − 7500 = 792 500.
  CHECK(std::stod(first) == doctest::Approx(410000).epsilon(0.05));
  CHECK(std::stod(second) == doctest::Approx(792500).epsilon(0.05));

  SUBCASE("the model file carries the target's scaling; files without it still load") {
    rt::ModelFile file = rt::load_model_file(o.run.model_path);
    REQUIRE(file.meta.contains("target_scaling"));
    CHECK(file.meta["target_scaling"]["kind"] == "standardize");
    Diagnostics d;
    auto saved = rt::saved_model_from(file, "model.expm", d);
    REQUIRE(saved);
    CHECK(saved->target_scaling.shift.size() == 1);
    file.meta.erase("target_scaling");  // as written before targets were scaled
    auto old = rt::saved_model_from(file, "old.expm", d);
    REQUIRE(old);
    CHECK(old->target_scaling.kind == "none");
    file.meta["target_scaling"] = {{"kind", "standardize"}, {"shift", {1.0, 2.0}}, {"scale", {1.0, 1.0}}};
    CHECK_FALSE(rt::saved_model_from(file, "bad.expm", d));
    CHECK(d.all().back().code == "E0907");
  }
}

TEST_CASE("an unscaled target far larger than adam's steps is warned about (W0901)") {
  Folder dir;
  std::ofstream(dir.path / "houses.csv") << houses_csv(200);
  auto o = run_script(dir, linreg_script(R"(data d = csv("houses.csv", target: "price"))", "", 0.01, 5));
  CHECK(has_code(o.diags, "W0901"));
  for (const auto& d : o.diags.all())
    if (d.code == "W0901") {
      CHECK(d.severity == Severity::Warning);
      CHECK(d.message.find("`price`") != std::string::npos);
      CHECK(d.help.find("standardize d") != std::string::npos);
    }
  CHECK_FALSE(o.run.report.contains("target_scaling"));
}

TEST_CASE("diabetes under standardize with adam(0.05) for 300 epochs reaches scikit-learn's r2") {
  Folder dir;
  auto o = run_script(dir, linreg_script("data d = diabetes", "standardize d", 0.05, 300));
  REQUIRE(o.run.status == rt::RunStatus::Ok);
  // scikit-learn's LinearRegression on the same rows: 0.404; exp got 0.168 before targets were scaled.
  CHECK(o.run.report["metrics"]["test"]["r2"].get<double>() > 0.38);
  // The loss is in standardized units (what the optimizer sees); rmse is in the target's.
  CHECK(o.run.report["metrics"]["test"]["rmse"].get<double>() > 20);
}

TEST_CASE("two targets (`target: [\"a\", \"b\"]`) are learned each in its own units, with per-target metrics") {
  Folder dir;
  std::ofstream(dir.path / "two.csv") << two_targets_csv(500);
  auto o = run_script(dir, linreg_script(R"(data d = csv("two.csv", target: ["a", "b"]))", "standardize d", 0.02, 80));
  REQUIRE(o.run.status == rt::RunStatus::Ok);
  const json& r = o.run.report;
  CHECK(r["data"]["targets"] == json::array({"a", "b"}));
  CHECK(r["data"]["features"] == 3);  // a and b are not features
  const json& test = r["metrics"]["test"];
  double r2a = test["r2[a]"].get<double>(), r2b = test["r2[b]"].get<double>();
  // The noise is ±300 around a spread of ~1 000 for a, ±0.1 around ~3 for b.
  CHECK(r2a > 0.9);
  CHECK(r2b > 0.99);
  CHECK(r2b > r2a + 0.01);
  CHECK(test["r2"].get<double>() == doctest::Approx((r2a + r2b) / 2));
  // Each rmse in its target's units: a's noise is uniform ±300 (sd ≈ 173), b's ±0.1 (sd ≈ 0.058).
  CHECK(test["rmse[a]"].get<double>() > 100);
  CHECK(test["rmse[a]"].get<double>() < 300);
  CHECK(test["rmse[b]"].get<double>() < 0.2);
  CHECK(test["rmse"].get<double>() == doctest::Approx((test["rmse[a]"].get<double>() + test["rmse[b]"].get<double>()) / 2));

  // The test predictions and `exp predict` name a column per target; predictions are in each target's units.
  std::ifstream tested(dir.path / "run" / "predictions_test.csv");
  std::string tested_header;
  std::getline(tested, tested_header);
  CHECK(tested_header == "row,true.a,true.b,predicted.a,predicted.b");
  std::ofstream(dir.path / "new.csv") << "x3,x1,x2\n1,2,3\n9,8,1\n";
  std::ostringstream out;
  Diagnostics pd;
  auto p = rt::predict_csv(o.run.model_path, (dir.path / "new.csv").string(), out, rt::PredictOptions{}, pd);
  REQUIRE(p.ok);
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header == "prediction.a,prediction.b");
  auto cells = [](const std::string& row) {
    auto comma = row.find(',');
    return std::pair<double, double>{std::stod(row.substr(0, comma)), std::stod(row.substr(comma + 1))};
  };
  // The formula: a = 1000 + 600 − 600 = 1000, b = 2 − 1 + 1 = 2; a = 1000 + 2400 − 200 = 3200, b = 2 − 9 + 4 = −3.
  CHECK(cells(first).first == doctest::Approx(1000).epsilon(0.05));
  CHECK(cells(first).second == doctest::Approx(2).epsilon(0.05));
  CHECK(cells(second).first == doctest::Approx(3200).epsilon(0.05));
  CHECK(cells(second).second == doctest::Approx(-3).epsilon(0.05));

  rt::ModelFile file = rt::load_model_file(o.run.model_path);
  Diagnostics d;
  auto saved = rt::saved_model_from(file, "model.expm", d);
  REQUIRE(saved);
  CHECK(saved->schema.targets == std::vector<std::string>{"a", "b"});
  CHECK(saved->target_scaling.shift.size() == 2);  // each target scaled with its own statistics
}

TEST_CASE("`evaluate` on other data with two targets scores each target and writes a column per target") {
  Folder dir;
  std::ofstream(dir.path / "two.csv") << two_targets_csv(500);
  std::ofstream(dir.path / "more.csv") << two_targets_csv(120);
  auto o = run_script(dir, linreg_script(R"(data d = csv("two.csv", target: ["a", "b"]))", "standardize d", 0.02, 80) +
                               "data more = csv(\"more.csv\", target: [\"a\", \"b\"])\nevaluate linreg on more\n");
  REQUIRE(o.run.status == rt::RunStatus::Ok);
  const json& evals = o.run.report["evaluations"];
  REQUIRE(evals.size() == 1);
  const json& m = evals[0]["metrics"];
  REQUIRE(m.contains("r2[a]"));
  REQUIRE(m.contains("r2[b]"));
  CHECK(m["r2[a]"].get<double>() > 0.85);  // the same formula: the model trained on two.csv fits it
  CHECK(m["r2[b]"].get<double>() > 0.95);
  CHECK(m["r2"].get<double>() == doctest::Approx((m["r2[a]"].get<double>() + m["r2[b]"].get<double>()) / 2));
  std::ifstream file(dir.path / "run" / "predictions_more_all.csv");
  std::string header;
  std::getline(file, header);
  CHECK(header == "row,true.a,true.b,predicted.a,predicted.b");
}
