// What report.json and report.html embed is bounded (runtime/report/bounds.h,
// docs/report.md "Bounds"): long text is cut with a visible ellipsis, a huge
// choice is listed by its first options and its size, and the parallel
// coordinates show only the values trials used of a huge choice.
#include <doctest/doctest.h>

#include <string>

#include "runtime/report/bounds.h"
#include "runtime/report/format.h"
#include "runtime/report/html.h"
#include "runtime/report/plots.h"
#include "runtime/report/report_schema.h"
#include "tests/cli/fixture.h"

using nlohmann::json;
namespace rr = xp::rt::report;

namespace {

size_t times(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The <g data-axis="name" …> … </g> group of one parallel-coordinates axis.
std::string axis_group(const std::string& svg, const std::string& name) {
  const size_t from = svg.find("<g data-axis=\"" + name + "\"");
  if (from == std::string::npos) return "";
  return svg.substr(from, svg.find("</g>", from) - from);
}

// A black-box report over x ~ choice(options) and y ~ uniform(0, 1) whose
// complete trials took the given x values.
json study_over(const json& choice_entry, const std::vector<json>& used) {
  json trials = json::array();
  for (size_t i = 0; i < used.size(); ++i)
    trials.push_back({{"number", i}, {"state", "complete"}, {"value", static_cast<double>(i)},
                      {"hypers", {{"x", used[i]}, {"y", 0.5}}}, {"intermediate", json::array()}});
  return {{"study", {{"metric", "objective"}, {"direction", "minimize"}}},
          {"search_space", {choice_entry, {{"name", "y"}, {"kind", "uniform"}, {"low", 0}, {"high", 1}}}},
          {"trials", trials}};
}

}  // namespace

TEST_CASE("clip_text cuts at a character, never inside one, and shows the cut") {
  CHECK(rr::clip_text("abcdef", 6) == "abcdef");  // fits: unchanged
  CHECK(rr::clip_text("abcdefg", 6) == "abcde…");
  CHECK(rr::clip_text("", 3).empty());
  // Characters, not bytes: é and 日 are one each and never split.
  CHECK(rr::clip_text("éééé", 4) == "éééé");
  CHECK(rr::clip_text("ééééé", 4) == "ééé…");
  CHECK(rr::clip_text("日本語のテキスト", 3) == "日本…");
}

TEST_CASE("every text of a report is cut to 256 characters; file names, paths and hashes are not") {
  const std::string long_text(1'000'000, 'L');
  const std::string long_path = "/data/" + std::string(300, 'p') + "/script.exp";
  json r = xp::test::load_fixture("iris");
  r["data"]["classes"][0] = long_text;
  r["data"]["feature_names"][1] = long_text;
  r["confusion"]["labels"][0] = long_text;
  r["trials"][0]["reason"] = long_text;
  r["hypers"]["act"] = long_text;
  r["script"]["path"] = long_path;
  r["predictions"] = {{"test", "predictions_" + std::string(300, 'd') + ".csv"}};
  rr::bound_report_text(r);
  const std::string cut = std::string(rr::kReportTextMax - 1, 'L') + "…";
  CHECK(r["data"]["classes"][0] == cut);
  CHECK(r["data"]["feature_names"][1] == cut);
  CHECK(r["confusion"]["labels"][0] == cut);
  CHECK(r["trials"][0]["reason"] == cut);
  CHECK(r["hypers"]["act"] == cut);
  CHECK(r["data"]["classes"][1] == "versicolor");  // short text as it was
  CHECK(r["script"]["path"] == long_path);
  CHECK(r["predictions"]["test"].get<std::string>().size() == 316);
  CHECK(rr::validate(r).empty());
}

TEST_CASE("a huge choice is summarised from its first options and its size") {
  json listed = json::array();
  for (int i = 0; i < 100; ++i) listed.push_back(i);
  const json e = {{"name", "x"}, {"kind", "choice"}, {"choices", listed}, {"choice_count", 1000000}};
  CHECK(rr::format_space(e) == "choice(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … 999988 more: 1000000 in all)");
  json r = xp::test::load_fixture("blackbox");
  r["search_space"][0] = e;
  CHECK(rr::validate(r).empty());
  r["search_space"][0]["choice_count"] = 50;  // fewer than listed: not a report exp writes
  auto problems = rr::validate(r);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "search_space[0].choice_count: 50 is fewer than the 100 choices listed");
}

TEST_CASE("parallel coordinates: a small choice shows every option, a huge one the values trials used") {
  SUBCASE("small: every option, as declared") {
    const json e = {{"name", "x"}, {"kind", "choice"}, {"choices", {"relu", "tanh", "gelu"}}};
    const std::string axis = axis_group(rr::plot_parallel(study_over(e, {"tanh", "tanh"})), "x");
    CHECK(axis.find("data-scale=\"choice\" data-levels=\"3\"") != std::string::npos);
    CHECK(axis.find(">gelu</text>") != std::string::npos);  // never used, still an option on the axis
  }
  SUBCASE("huge: the values used, in order, and how many of how many") {
    json listed = json::array();
    for (int i = 1000; i < 1100; ++i) listed.push_back(i);
    const json e = {{"name", "x"}, {"kind", "choice"}, {"choices", listed}, {"choice_count", 1000000}};
    const std::string svg = rr::plot_parallel(study_over(e, {500000, 1005, 999999, 1005}));
    const std::string axis = axis_group(svg, "x");
    CHECK(axis.find("data-scale=\"choice-used\" data-levels=\"3\"") != std::string::npos);
    CHECK(axis.find(">x (3 used of 1000000)</text>") != std::string::npos);
    CHECK(axis.find(">1005</text>") < axis.find(">500000</text>"));  // ascending: bottom to top in drawing order
    CHECK(axis.find(">1000</text>") == std::string::npos);            // listed but unused: not on the axis
    CHECK(svg.size() < 10000);
  }
  SUBCASE("many used values: an ordinal axis with ten labels") {
    json listed = json::array();
    std::vector<json> used;
    for (int i = 0; i < 100; ++i) listed.push_back(i);
    for (int i = 0; i < 50; ++i) used.push_back(i * 7);
    const json e = {{"name", "x"}, {"kind", "choice"}, {"choices", listed}, {"choice_count", 5000}};
    const std::string axis = axis_group(rr::plot_parallel(study_over(e, used)), "x");
    CHECK(axis.find("data-levels=\"50\"") != std::string::npos);
    CHECK(times(axis, "<text") == 1 + 10);  // the title and ten levels
    CHECK(axis.find(">0</text>") != std::string::npos);    // the first …
    CHECK(axis.find(">343</text>") != std::string::npos);  // … and the last are among them
  }
  SUBCASE("a long text level is drawn cut, its full text not at all") {
    const std::string long_level = std::string(200, 'w') + "-end";
    const json e = {{"name", "x"}, {"kind", "choice"}, {"choices", {long_level, "short"}}};
    const std::string axis = axis_group(rr::plot_parallel(study_over(e, {long_level})), "x");
    CHECK(axis.find(">" + std::string(rr::kPlotLabelMax - 1, 'w') + "…</text>") != std::string::npos);
    CHECK(axis.find("-end") == std::string::npos);
  }
}

TEST_CASE("a confusion matrix draws long class names cut, and names them in full only in the tooltips") {
  json r = xp::test::load_fixture("iris");
  const std::string long_label = std::string(rr::kReportTextMax - 1, 'c') + "…";  // as report.json holds it
  r["confusion"]["labels"][0] = long_label;
  const std::string svg = rr::plot_confusion(r);
  CHECK(svg.find(">" + std::string(rr::kPlotLabelMax - 1, 'c') + "…</text>") != std::string::npos);
  CHECK(times(svg, long_label) == 6);  // the tooltips of its row and column ("true L, predicted L" twice)
}

TEST_CASE("a confusion matrix of more than 50 classes is said, not drawn") {
  json r = xp::test::load_fixture("iris");
  json labels = json::array(), matrix = json::array();
  for (size_t i = 0; i <= rr::kConfusionClassesDrawn; ++i) {
    labels.push_back("class " + std::to_string(i));
    matrix.push_back(json(std::vector<int>(rr::kConfusionClassesDrawn + 1, 1)));
  }
  r["confusion"] = {{"labels", labels}, {"matrix", matrix}};
  CHECK(rr::plot_confusion(r).empty());
  const std::string html = rr::render_html(r);
  CHECK(html.find("The confusion matrix of 51 classes is too large to draw; report.json holds it.") != std::string::npos);
  CHECK(html.find("data-plot=\"confusion\"") == std::string::npos);
}
