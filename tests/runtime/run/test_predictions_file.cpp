// Predictions as files (runtime/run/predictions_file.h, runtime/predict/
// prediction_table.h): the run folder's predictions_test.csv (the row's index
// in its file, the true target, the prediction, the class probabilities),
// one file per `evaluate m on D`, and `exp predict --id COLUMN`.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compiler/driver.h"
#include "runtime/predict/predict.h"
#include "runtime/predict/prediction_table.h"
#include "runtime/run/predictions_file.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> csv_rows(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, ',')) cells.push_back(cell);
    out.push_back(cells);
  }
  return out;
}

// 40 rows, `kind` decided by x (so a linear model learns it); an id column.
std::string labelled_csv() {
  std::string text = "id,x,kind\n";
  for (int i = 0; i < 40; ++i) text += fmt::format("u{:03d},{},{}\n", i, i % 10, i % 10 < 5 ? "low" : "high");
  return text;
}

rt::RunResult run_text(const TempDir& dir, const std::string& text, Diagnostics& diags) {
  std::string script = (dir.path / "script.exp").string();
  std::ofstream(script) << text;
  CompileResult c = compile_file(script);
  for (const auto& d : c.diags.all()) MESSAGE(d.code << ": " << d.message);
  REQUIRE(c.ir);
  rt::RunOptions ro;
  ro.out_dir = (dir.path / "run").string();
  ro.print = [](const std::string&) {};
  return rt::run_program(*c.ir, ro, diags);
}

}  // namespace

TEST_CASE("file names: predictions_<what>.csv beside model.expm, .<name> beside an earlier model") {
  CHECK(rt::predictions_file_name("model.expm", "test") == "predictions_test.csv");
  CHECK(rt::predictions_file_name("model.small.expm", "test") == "predictions_test.small.csv");
  CHECK(rt::predictions_file_name("model.expm", "other_all") == "predictions_other_all.csv");
}

TEST_CASE("a run writes predictions_test.csv and one file per evaluate, each row with its index in the file") {
  TempDir dir(TempDir::created);
  std::ofstream(dir.path / "rows.csv") << labelled_csv();
  std::ofstream(dir.path / "more.csv") << labelled_csv();
  Diagnostics diags;
  auto run = run_text(dir, R"(seed 2
data d = csv("rows.csv", target: "kind", drop: ["id"])
data more = csv("more.csv", target: "kind", drop: ["id"])
split d { train: 0.5, val: 0.25, test: 0.25 }
standardize d
model m(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  param b: [C] ~ zeros
  return x @ W + b
}
train m on d {
  loss = cross_entropy(m(x), y)
  optimizer = adam(0.1)
  epochs = 30
}
evaluate m on more
report m { test: accuracy }
)",
                      diags);
  REQUIRE(run.status == rt::RunStatus::Ok);
  CHECK(run.report["predictions"]["test"] == "predictions_test.csv");
  auto rows = csv_rows(dir.path / "run" / "predictions_test.csv");
  REQUIRE(rows.size() == 11);  // header + 10 test rows
  CHECK(rows[0] == std::vector<std::string>{"row", "true", "predicted", "p(high)", "p(low)"});
  std::set<std::string> seen;
  size_t right = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 5);
    int row = std::stoi(rows[i][0]);
    seen.insert(rows[i][0]);
    CHECK((row >= 0 && row < 40));
    CHECK(rows[i][1] == (row % 10 < 5 ? "low" : "high"));  // the true class of that file row
    right += rows[i][1] == rows[i][2];
    CHECK(std::stod(rows[i][3]) + std::stod(rows[i][4]) == doctest::Approx(1).epsilon(1e-5));
  }
  CHECK(seen.size() == 10);  // distinct rows of the file
  // the accuracy in report.json is the one of this file's rows
  CHECK(run.report["metrics"]["test"]["accuracy"].get<double>() == doctest::Approx(right / 10.0));

  auto more = csv_rows(dir.path / "run" / "predictions_more_all.csv");
  REQUIRE(more.size() == 41);
  CHECK(more[1][0] == "0");
  CHECK(more[40][0] == "39");
  CHECK(run.report["evaluations"][0]["predictions"] == "predictions_more_all.csv");
}

TEST_CASE("regression predictions are in the target's units, true beside predicted") {
  TempDir dir(TempDir::created);
  std::string text = "a,y\n";
  for (int i = 0; i < 30; ++i) text += fmt::format("{},{}\n", 2 * i, 1000 + 10 * i);  // every other integer: not a row counter
  std::ofstream(dir.path / "lin.csv") << text;
  Diagnostics diags;
  auto run = run_text(dir, R"(seed 1
data d = csv("lin.csv", target: "y", task: regression)
split d { train: 0.7, val: 0, test: 0.3 }
standardize d
model m(x: [F]) -> [T] {
  param W: [F, T] ~ zeros
  param b: [T] ~ zeros
  return x @ W + b
}
train m on d {
  loss = mse(m(x), y)
  optimizer = adam(0.1)
  epochs = 200
}
)",
                      diags);
  REQUIRE(run.status == rt::RunStatus::Ok);
  auto rows = csv_rows(dir.path / "run" / "predictions_test.csv");
  REQUIRE(rows.size() == 10);
  CHECK(rows[0] == std::vector<std::string>{"row", "true", "predicted"});
  for (size_t i = 1; i < rows.size(); ++i) {
    int row = std::stoi(rows[i][0]);
    CHECK(std::stod(rows[i][1]) == doctest::Approx(1000 + 10 * row));
    CHECK(std::stod(rows[i][2]) == doctest::Approx(1000 + 10 * row).epsilon(0.05));
  }
}

TEST_CASE("exp predict --id carries an id column through, as written; an unknown one is E0807") {
  TempDir dir(TempDir::created);
  std::ofstream(dir.path / "rows.csv") << labelled_csv();
  Diagnostics diags;
  auto run = run_text(dir, R"(data d = csv("rows.csv", target: "kind", columns: ["x"])
model m(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  return x @ W
}
train m on d {
  loss = cross_entropy(m(x), y)
  epochs = 2
}
)",
                      diags);
  REQUIRE(run.status == rt::RunStatus::Ok);
  std::ofstream(dir.path / "new.csv") << "x,customer\n3,007\n8,\"a,b\"\n";
  rt::PredictOptions po;
  po.id_column = "customer";
  std::ostringstream out;
  Diagnostics pd;
  auto p = rt::predict_csv(run.model_path, (dir.path / "new.csv").string(), out, po, pd);
  REQUIRE(p.ok);
  std::istringstream lines(out.str());
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header == "customer,prediction");
  CHECK(first.rfind("007,", 0) == 0);  // as written, not the number 7
  CHECK(second.rfind("\"a,b\",", 0) == 0);
  po.id_column = "custom";
  Diagnostics bad;
  std::ostringstream none;
  CHECK_FALSE(rt::predict_csv(run.model_path, (dir.path / "new.csv").string(), none, po, bad).ok);
  REQUIRE(bad.all().size() == 1);
  CHECK(bad.all()[0].code == "E0807");
  CHECK(bad.all()[0].help.find("did you mean `customer`?") != std::string::npos);
}
