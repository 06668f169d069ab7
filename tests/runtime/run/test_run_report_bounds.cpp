// A run's report.json and report.html stay small whatever the script and the
// data hold (issue 11 item 9; docs/report.md "Bounds"): a generated choice of
// many options, a CSV with a 1 MB text cell and a long class label.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "compiler/driver.h"
#include "runtime/report/bounds.h"
#include "runtime/report/report_schema.h"
#include "runtime/run/report_json.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
namespace fs = std::filesystem;

namespace {

rt::RunResult run_script(const fs::path& script, const std::string& text) {
  CompileResult c = compile_source(script.string(), text);
  for (const auto& diag : c.diags.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(c.ok());
  rt::RunOptions o;
  o.out_dir = (script.parent_path() / "run").string();
  o.print = [](const std::string&) {};
  o.exp_version = "test";  // a report names the version that wrote it
  Diagnostics d;
  rt::RunResult r = rt::run_program(*c.ir, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(r.status == rt::RunStatus::Ok);
  return r;
}

// The longest text value anywhere in `j` outside the exact references.
size_t longest_text(const nlohmann::json& j) {
  if (j.is_string()) return j.get_ref<const std::string&>().size();
  size_t most = 0;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.key() != "script" && it.key() != "predictions") most = std::max(most, longest_text(it.value()));
  } else if (j.is_array()) {
    for (const auto& e : j) most = std::max(most, longest_text(e));
  }
  return most;
}

}  // namespace

TEST_CASE("report.json lists a huge choice by its first 100 options and its size") {
  ir::SearchSpace s;
  ir::HyperDomain x;
  x.name = "x";
  x.kind = ir::HyperDomain::Kind::Choice;
  for (int i = 0; i < 1000; ++i) x.choices.push_back(ir::Value::num(i, true));
  s.hypers = {x};
  auto j = rt::search_space_json(s);
  CHECK(j[0]["choices"].size() == rt::report::kReportChoicesMax);
  CHECK(j[0]["choices"][99] == 99);
  CHECK(j[0]["choice_count"] == 1000);
  x.choices.resize(rt::report::kReportChoicesMax);  // exactly 100: all listed, no count
  s.hypers = {x};
  CHECK_FALSE(rt::search_space_json(s)[0].contains("choice_count"));
}

TEST_CASE("a black-box study over a generated 20000-option choice writes a small report") {
  TempDir dir(TempDir::created);
  std::string options;
  for (int i = 0; i < 20000; ++i) options += (i ? ", " : "") + std::to_string(i);
  auto r = run_script(dir.path / "big.exp", "seed 1\nhyper x ~ choice(" + options +
                                                ")\nhyper y ~ uniform(0, 1)\n"
                                                "tune {\n  method = random\n  trials = 3\n  minimize = (x - 500) ^ 2 + y\n}\n");
  CHECK(r.report["search_space"][0]["choice_count"] == 20000);
  CHECK(rt::report::validate(r.report).empty());
  // Before the bounds: report.json 290 KB and report.html 3.2 MB (every option
  // listed, and drawn on the parallel-coordinates axis).
  CHECK(fs::file_size(dir.path / "run" / "report.json") < 8'000);
  CHECK(fs::file_size(dir.path / "run" / "report.html") < 30'000);
}

TEST_CASE("a CSV with a 1 MB text cell and a long class label writes a small report") {
  TempDir dir(TempDir::created);
  {
    std::ofstream csv(dir.path / "long.csv");
    csv << "x,note,y\n";
    const std::string long_label = std::string(10'000, 'L') + "!";
    for (int i = 0; i < 40; ++i)
      csv << i % 2 + 0.1 * i << "," << (i == 0 ? std::string(1'000'000, 'N') : std::string("short")) << ","
          << (i % 2 ? std::string("yes") : long_label) << "\n";
  }
  auto r = run_script(dir.path / "long.exp",
                      "seed 1\ndata d = csv(\"long.csv\", target: \"y\")\nsplit d { train: 0.6, val: 0.2, test: 0.2 }\n"
                      "model m(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  return x @ W\n}\n"
                      "train m on d {\n  loss = cross_entropy(m(x), y)\n  optimizer = adam(0.1)\n  epochs = 2\n}\n");
  const auto& data = r.report["data"];
  REQUIRE(data["classes"].size() == 2);
  CHECK(data["classes"][0].get<std::string>().size() == rt::report::kReportTextMax - 1 + std::string("…").size());
  CHECK(data["classes"][0].get<std::string>().substr(rt::report::kReportTextMax - 1) == "…");
  CHECK(longest_text(r.report) <= rt::report::kReportTextMax + 2);  // 255 characters and "…" (3 bytes)
  CHECK(rt::report::validate(r.report).empty());
  // Before the bounds: report.json 1.02 MB, report.html 71 KB.
  CHECK(fs::file_size(dir.path / "run" / "report.json") < 20'000);
  CHECK(fs::file_size(dir.path / "run" / "report.html") < 30'000);
}

TEST_CASE("report.json lists the first 1000 feature names of wide data, and counts them all") {
  TempDir dir(TempDir::created);
  // 1100 numeric columns and two one-hot columns of 300 levels: 1700 features.
  constexpr int kColumns = 1100, kLevels = 300, kRows = 600;
  {
    std::ofstream csv(dir.path / "wide.csv");
    for (int c = 0; c < kColumns; ++c) csv << "x" << c << ",";
    csv << "a,b,y\n";
    for (int i = 0; i < kRows; ++i) {
      for (int c = 0; c < kColumns; ++c) csv << (i * 31 + c) % 17 << ",";
      csv << "a" << i % kLevels << ",b" << (i * 7) % kLevels << "," << (i % 2 ? "yes" : "no") << "\n";
    }
  }
  auto r = run_script(dir.path / "wide.exp",
                      "seed 1\ndata d = csv(\"wide.csv\", target: \"y\")\nsplit d { train: 0.6, val: 0.2, test: 0.2 }\n"
                      "model m(x: [F]) -> [C] {\n  param W: [F, C] ~ zeros\n  return x @ W\n}\n"
                      "train m on d {\n  loss = cross_entropy(m(x), y)\n  optimizer = adam(0.1)\n  epochs = 1\n}\n");
  const auto& data = r.report["data"];
  const int features = data["features"].get<int>();
  CHECK(features > static_cast<int>(rt::report::kReportFeatureNamesMax));
  CHECK(features == kColumns + 2 * kLevels);
  REQUIRE(data["feature_names"].size() == rt::report::kReportFeatureNamesMax);
  CHECK(data["feature_names"][0] == "x0");  // the first ones, in feature order
  CHECK(data["feature_names"][999] == "x999");
  CHECK(rt::report::validate(r.report).empty());
  // Before the bound: all 1700 names (a file of 100,000 columns: 100,000).
  CHECK(fs::file_size(dir.path / "run" / "report.json") < 60'000);
}
