#include <doctest/doctest.h>

#include <filesystem>

#include "cli/console_report.h"
#include "runtime/report/bounds.h"
#include "runtime/report/report_schema.h"
#include "tests/cli/fixture.h"

using xp::cli::render_console_report;

namespace {
size_t find(const std::string& s, const std::string& what) {
  size_t at = s.find(what);
  INFO("looking for: " << what);
  CHECK(at != std::string::npos);
  return at;
}
}  // namespace

TEST_CASE("the console report keeps hyperparameters and parameters in separate sections") {
  auto r = xp::test::load_fixture("iris");
  std::string text = render_console_report(r);
  size_t hypers = find(text, "Hyperparameters — how the model learned");
  size_t params = find(text, "Parameters — what the model learned");
  size_t test = find(text, "Generalization — the held-out test split");
  CHECK(hypers < params);
  CHECK(params < test);
  SUBCASE("the search and the chosen values") {
    find(text, "tpe — 16 trials: 14 complete, 1 pruned, 1 failed");
    find(text, "maximize val.accuracy — best 0.9769 (trial 6)");
    find(text, "momentum  uniform(0.5, 0.99) if opt == sgd  — (inactive)");
    find(text, "trial 5 failed: loss became NaN");
  }
  SUBCASE("the top trials are sorted by the objective") {
    size_t first = find(text, "      6        0.9769");
    size_t second = find(text, "     15         0.952");
    CHECK(first < second);
  }
  SUBCASE("parameters with their total") {
    find(text, "W1     [4, 16]     64");
    find(text, "total: 131 learned parameters in 4 tensors");
  }
  SUBCASE("the confusion matrix of a classifier") { find(text, "versicolor             0           9          1"); }
  SUBCASE("no ANSI escapes unless asked") {
    CHECK(text.find('\033') == std::string::npos);
    xp::cli::ReportOptions colored;
    colored.color = true;
    CHECK(render_console_report(r, colored).find("\033[1m") != std::string::npos);
  }
}

TEST_CASE("a minimizing study lists its lowest values first") {
  auto r = xp::test::load_fixture("blackbox");
  std::string text = render_console_report(r);
  find(text, "black-box tuning (no model)");
  CHECK(text.find("Parameters — what the model learned") == std::string::npos);
  size_t table = find(text, "best 5 of 10 complete trials (objective is lower-is-better)");
  size_t first_row = text.find('\n', text.find('\n', table) + 1) + 1;  // skip the title and the header
  std::string row = text.substr(first_row, text.find('\n', first_row) - first_row);
  CHECK(row.find(std::to_string(r["best"]["number"].get<int>())) != std::string::npos);
}

TEST_CASE("a plain training reports fixed hypers and regression metrics without a confusion matrix") {
  xp::cli::ReportOptions options;
  options.run_dir = "runs/d";
  std::string text = render_console_report(xp::test::load_fixture("diabetes"), options);
  find(text, "no search: every hyper was fixed");
  find(text, "lr      = 0.01        0.01");
  find(text, "r2");
  CHECK(text.find("confusion") == std::string::npos);
  find(text, "run folder runs/d/");
}

TEST_CASE("paths under the working directory are shown relative to it, others as they are") {
  const std::string cwd = std::filesystem::current_path().string();
  xp::cli::ReportOptions options;
  options.run_dir = cwd + "/runs/d";
  auto report = xp::test::load_fixture("diabetes");
  report["script"]["path"] = cwd + "/examples/diabetes.exp";
  std::string text = render_console_report(report, options);
  find(text, "script examples/diabetes.exp");
  find(text, "run folder runs/d/  (open runs/d/report.html");
  options.run_dir = "/elsewhere/runs/d";
  report["script"]["path"] = "/elsewhere/d.exp";
  text = render_console_report(report, options);
  find(text, "script /elsewhere/d.exp");
  find(text, "run folder /elsewhere/runs/d/");
}

TEST_CASE("the trials table shows each trial's budget when the study pruned") {
  auto r = xp::test::load_fixture("iris");  // 1 pruned trial, budgets not recorded (exp.report/1)
  CHECK(xp::cli::render_trials_table(r).find("epochs") == std::string::npos);
  int k = 0;
  for (auto& t : r["trials"]) t["budget"] = 30 - (k++ % 2);  // early stopping: budgets differ
  const std::string text = xp::cli::render_trials_table(r);
  const size_t header = text.find('\n') + 1;  // after the title line
  CHECK(text.substr(header, text.find('\n', header) - header).find("epochs") != std::string::npos);
  r["study"]["metric"] = "cv.accuracy";
  CHECK(xp::cli::render_trials_table(r).find("folds") != std::string::npos);
}

TEST_CASE("a report with several models: model_entries gives each with the run-wide keys") {
  auto r = xp::test::load_fixture("iris");
  nlohmann::json first = r, second = r;
  first["model"] = "logreg";
  for (const char* k : {"schema", "exp_version", "created", "script"}) {
    first.erase(k);
    second.erase(k);
  }
  r["schema"] = xp::rt::report::kSchema;
  r["models"] = nlohmann::json::array({first, second});
  CHECK(xp::rt::report::validate(r).empty());
  auto entries = xp::rt::report::model_entries(r);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0]["model"] == "logreg");
  CHECK(entries[1]["script"] == r["script"]);
  CHECK(render_console_report(entries[0]).find("logreg on iris") != std::string::npos);
  r["models"][1]["model"] = "other";
  CHECK_FALSE(xp::rt::report::validate(r).empty());  // the top level's model must be one of the entries
}

TEST_CASE("a refit on train+val labels its in-sample numbers so, never as val") {
  auto r = xp::test::load_fixture("diabetes");
  nlohmann::json in_sample = r["metrics"]["train"];
  r["metrics"].erase("train");
  r["metrics"].erase("val");
  r["metrics"]["train+val"] = in_sample;
  r["training"]["refit_on"] = "train+val";
  std::string text = render_console_report(r);
  size_t header = find(text, "metric");
  std::string line = text.substr(header, text.find('\n', header) - header);
  CHECK(line.find("train+val") != std::string::npos);
  CHECK(line.find("train+val") < line.find("test"));
  CHECK(line.find(" val ") == std::string::npos);
  find(text, "trained on train+val (refit), so no held-out val numbers");
}

TEST_CASE("the console says why the final training stopped and which weights it kept") {
  auto r = xp::test::load_fixture("diabetes");
  SUBCASE("early stopping") {
    r["training"] = {{"epochs_run", 12}, {"epochs_planned", 100}, {"status", "early-stopped"}, {"seconds", 1.0},
                     {"monitor", "val.loss"}, {"best_epoch", 7}, {"restored_best", true}};
    find(render_console_report(r),
         "stopped early at epoch 12 of 100: val.loss stopped improving; the weights of its best epoch (7) restored");
  }
  SUBCASE("Ctrl-C") {
    r["training"] = {{"epochs_run", 3}, {"epochs_planned", 50}, {"status", "interrupted"}, {"seconds", 1.0},
                     {"interrupted_in_epoch", 4}};
    find(render_console_report(r), "interrupted (Ctrl-C) during epoch 4 of 50; the weights as they stood are evaluated");
  }
  SUBCASE("a study that ran out of time says so") {
    r["study"] = {{"method", "tpe"}, {"direction", "maximize"}, {"metric", "val.r2"}, {"budget", 50}, {"complete", 7},
                  {"pruned", 0}, {"failed", 0}, {"stopped", "time budget reached"}};
    find(render_console_report(r), "7 complete, 0 pruned, 0 failed (budget 50) — time budget reached");
  }
  SUBCASE("every planned epoch: nothing to add") {
    r["training"] = {{"epochs_run", 50}, {"epochs_planned", 50}, {"status", "complete"}, {"seconds", 1.0}};
    std::string text = render_console_report(r);
    CHECK(text.find("stopped early") == std::string::npos);
    CHECK(text.find("interrupted") == std::string::npos);
  }
}

TEST_CASE("a black-box study names its expression as the objective") {
  auto r = xp::test::load_fixture("blackbox");
  r["objective"] = "(x - 1) ^ 2 + y ^ 2";
  r["study"]["metric"] = "objective";  // what a black-box run writes
  find(render_console_report(r), "objective  minimize (x - 1) ^ 2 + y ^ 2");
}

TEST_CASE("a confusion matrix of more than 50 classes is said, not printed; long classes print cut") {
  namespace rr = xp::rt::report;
  auto r = xp::test::load_fixture("iris");
  nlohmann::json labels = nlohmann::json::array(), matrix = nlohmann::json::array();
  for (size_t i = 0; i <= rr::kConfusionClassesDrawn; ++i) {
    labels.push_back("class " + std::to_string(i));
    matrix.push_back(nlohmann::json(std::vector<int>(rr::kConfusionClassesDrawn + 1, 1)));
  }
  r["confusion"] = {{"labels", labels}, {"matrix", matrix}};
  find(render_console_report(r), "confusion matrix on test: 51 classes, too many to print (report.json holds it)");
  auto small = xp::test::load_fixture("iris");
  small["confusion"]["labels"][0] = std::string(100, 's');
  const std::string text = render_console_report(small);
  find(text, std::string(rr::kPlotLabelMax - 1, 's') + "…");
  CHECK(text.find(std::string(rr::kPlotLabelMax, 's')) == std::string::npos);
}
