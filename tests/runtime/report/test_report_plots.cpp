// The plots' data rules (the layout itself is checked in Chromium by
// tests/browser/render_check.py): what is drawn, on which axis, how ticks read.
#include <doctest/doctest.h>

#include <string>

#include "runtime/report/fit_sample.h"
#include "runtime/report/format.h"
#include "runtime/report/html.h"
#include "runtime/report/plots.h"
#include "runtime/report/report_schema.h"
#include "runtime/report/svg.h"
#include "tests/cli/fixture.h"

using nlohmann::json;
namespace rr = xp::rt::report;

namespace {
size_t occurrences(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("tick labels stay short: 2.5e+11, not 250000000000") {
  CHECK(rr::format_tick(250000000000.0) == "2.5e+11");
  CHECK(rr::format_tick(250000) == "250000");
  CHECK(rr::format_tick(0.30000000000000004) == "0.3");
  CHECK(rr::format_tick(-0.05) == "-0.05");
  CHECK(rr::format_tick(1e-4) == "0.0001");
  // The margin grows with the widest label, so no label is cut at the left edge.
  rr::Scale small{0, 1, 300, 0}, large{0, 3e11, 300, 0};
  CHECK(rr::y_axis_margin(large) > rr::y_axis_margin(small));
}

TEST_CASE("a list value reads element by element, never as raw floats") {
  CHECK(rr::format_value(json::array({0.8674999999999999, 2, "relu"})) == "[0.8675, 2, relu]");
  CHECK(rr::format_value(json::array()) == "[]");
}

TEST_CASE("a log axis inside a decade or two still has labels") {
  rr::Scale hidden{4, 64, 300, 0, true};  // int(4, 64, log: true): only the decade 10 inside
  auto t = hidden.ticks(4);
  CHECK(t.size() >= 3);
  CHECK(t.front() == doctest::Approx(5));
  rr::Scale narrow{0.0011, 0.0019, 300, 0, true};  // no 1-2-5 value inside: both ends
  CHECK(narrow.ticks(4).size() == 2);
}

TEST_CASE("a pruned trial is drawn at its last reported value") {
  json r = {{"study", {{"metric", "val.accuracy"}, {"direction", "maximize"}}},
            {"trials",
             {{{"number", 0}, {"state", "complete"}, {"value", 0.9}, {"intermediate", {0.5, 0.8, 0.9}}, {"budget", 3}},
              {{"number", 1}, {"state", "pruned"}, {"intermediate", {0.25}}, {"budget", 1}},
              {{"number", 2}, {"state", "pruned"}, {"intermediate", json::array()}}}}};
  const std::string svg = rr::plot_history(r);
  CHECK(svg.find("trial 1 (pruned): 0.25 after 1 of budget") != std::string::npos);
  CHECK(svg.find("trial 2 (pruned)") == std::string::npos);  // nothing reported: nothing to place
  // The budget plot draws each trial up to its own budget.
  const std::string budgets = rr::plot_budgets(r);
  CHECK(budgets.find("data-trial=\"0\" data-state=\"complete\" data-budget=\"3\"") != std::string::npos);
  CHECK(budgets.find("data-trial=\"1\" data-state=\"pruned\" data-budget=\"1\"") != std::string::npos);
  // Without pruning it is not drawn.
  r["trials"] = json::array({r["trials"][0]});
  CHECK(rr::plot_budgets(r).empty());
}

TEST_CASE("learning curves: one chart per quantity, losses together") {
  json r = {{"history",
             {{{"epoch", 1}, {"train_loss", 2.0}, {"val_loss", 2.5}, {"val.r2", 0.1}, {"val.rmse", 4e5}, {"seconds", 0.1}},
              {{"epoch", 2}, {"train_loss", 1.0}, {"val_loss", 1.5}, {"val.r2", 0.4}, {"val.rmse", 3e5}, {"seconds", 0.2}}}}};
  const std::string svg = rr::plot_learning_curves(r);
  CHECK(occurrences(svg, "data-plot=\"learning-curve\"") == 3);
  CHECK(svg.find("data-series=\"train_loss val_loss\"") != std::string::npos);
  CHECK(svg.find("data-series=\"val.r2\"") != std::string::npos);
  CHECK(svg.find("data-series=\"val.rmse\"") != std::string::npos);
}

TEST_CASE("the confusion matrix names both axes") {
  const std::string svg = rr::plot_confusion(xp::test::load_fixture("iris"));
  CHECK(svg.find(">true class</text>") != std::string::npos);
  CHECK(svg.find(">predicted class</text>") != std::string::npos);
}

TEST_CASE("a regression's test fit: sampled evenly, validated, drawn twice per target") {
  xp::rt::Matrix actual(1000, 2), predicted(1000, 2);
  for (int i = 0; i < 1000; ++i) {
    actual(i, 0) = static_cast<float>(i), predicted(i, 0) = static_cast<float>(i) + 0.5f;
    actual(i, 1) = -static_cast<float>(i), predicted(i, 1) = 0;
  }
  json fit = rr::fit_sample(actual, predicted, {"a", "b"});
  CHECK(fit["rows"] == 1000);
  REQUIRE(fit["targets"].size() == 2);
  const json& a = fit["targets"][0];
  CHECK(a["name"] == "a");
  REQUIRE(a["actual"].size() == rr::kFitSampleCap);
  CHECK(a["actual"][1] == 2.0);  // every second row of 1000
  CHECK(a["predicted"][1] == 2.5);
  json r = xp::test::load_fixture("diabetes");
  r["test_fit"] = fit;
  CHECK(rr::validate(r).empty());
  const std::string html = rr::render_html(r);
  CHECK(occurrences(html, "data-plot=\"predicted-vs-actual\"") == 2);
  CHECK(occurrences(html, "data-plot=\"residuals\"") == 2);
  r["test_fit"]["targets"][1]["predicted"].erase(r["test_fit"]["targets"][1]["predicted"].begin());
  auto problems = rr::validate(r);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "test_fit.targets[1].predicted: 499 values for 500 actual ones");
}

TEST_CASE("a long study's plots and table show a selection and say so; a short one shows every trial") {
  auto study = [](int n) {
    json trials = json::array();
    for (int i = 0; i < n; ++i) {
      const double x = static_cast<double>((i * 7919) % 1000) / 100.0;
      trials.push_back({{"number", i}, {"state", "complete"}, {"value", 1.0 + x + (i == n - 3 ? -5.0 : 0.0)},
                        {"hypers", {{"x", x}}}});
    }
    return json{{"study", {{"metric", "objective"}, {"direction", "minimize"}, {"method", "random"}}},
                {"search_space", json::array({{{"name", "x"}, {"kind", "uniform"}, {"low", 0}, {"high", 10}}})},
                {"trials", trials}};
  };
  const json small = study(300);
  CHECK(occurrences(rr::plot_history(small), "<circle") == 300);
  CHECK(rr::render_html(small).find("<h3>All trials</h3>") != std::string::npos);

  const json big = study(10000);
  const std::string history = rr::plot_history(big);
  const size_t dots = occurrences(history, "<circle");
  CHECK(dots <= 2000);
  CHECK(dots >= 1800);
  CHECK(history.find("trial 9997 (complete)") != std::string::npos);  // the best trial is always drawn
  CHECK(occurrences(rr::plot_parallel(big), "<polyline") <= 2000);
  const std::string html = rr::render_html(big);
  CHECK(html.find("of 10000 trials shown: the 200 best and one in 6 of the others") != std::string::npos);
  CHECK(html.find("<h3>The best trials</h3>") != std::string::npos);
  CHECK(occurrences(html, "<tr class=\"state-") == 200);
}
