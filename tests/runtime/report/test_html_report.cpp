#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/report/html.h"
#include "runtime/report/svg.h"
#include "tests/cli/fixture.h"

using xp::rt::report::render_html;

namespace {
size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("report.html is well-formed XML (xmllint accepts it)") {
  for (const char* name : {"iris", "diabetes", "blackbox", "batch_norm"}) {
    CAPTURE(name);
    auto path = std::filesystem::temp_directory_path() / (std::string("exp_test_") + name + ".html");
    std::string error;
    REQUIRE(xp::rt::report::write_html(xp::test::load_fixture(name), path.string(), error));
    std::string cmd = "xmllint --noout '" + path.string() + "' 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    std::filesystem::remove(path);
  }
}

TEST_CASE("report.html is self-contained and has every plot a tuned classifier needs") {
  std::string html = render_html(xp::test::load_fixture("iris"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  for (const char* title : {"Optimization history", "Parallel coordinates", "Hyperparameter importance",
                            "Learning curves", "Confusion matrix"}) {
    CAPTURE(title);
    CHECK(html.find(title) != std::string::npos);
  }
  CHECK(count(html, "<svg ") >= 6);
  CHECK(html.find("Hyperparameters — how the model learned") < html.find("Parameters — what the model learned"));
}

TEST_CASE("a regression report has no confusion matrix and a black-box one no parameters") {
  std::string regression = render_html(xp::test::load_fixture("diabetes"));
  CHECK(regression.find("Confusion matrix") == std::string::npos);
  CHECK(regression.find("Learning curves") != std::string::npos);
  std::string blackbox = render_html(xp::test::load_fixture("blackbox"));
  CHECK(blackbox.find("Parameters — what the model learned") == std::string::npos);
  CHECK(blackbox.find("Optimization history") != std::string::npos);
}

TEST_CASE("a black-box study's objective is its expression, not a dash") {
  auto r = xp::test::load_fixture("blackbox");
  r["objective"] = "(x - 1) ^ 2 + y ^ 2";
  r["study"]["metric"] = "objective";  // what a black-box run writes
  std::string html = render_html(r);
  CHECK(html.find("objective: minimize <code>(x - 1) ^ 2 + y ^ 2</code>.") != std::string::npos);
  CHECK(html.find("<code>–</code>") == std::string::npos);
  CHECK(html.find("<code>—</code>") == std::string::npos);
}

TEST_CASE("a refit's in-sample numbers are a train+val column") {
  auto r = xp::test::load_fixture("diabetes");
  r["metrics"]["train+val"] = r["metrics"]["train"];
  r["metrics"].erase("train");
  r["metrics"].erase("val");
  std::string html = render_html(r);
  CHECK(html.find("<th>train+val</th>") != std::string::npos);
  CHECK(html.find("<th>val</th>") == std::string::npos);
}

TEST_CASE("text from the report is escaped") {
  auto r = xp::test::load_fixture("iris");
  r["trials"][5]["reason"] = "x < y && \"quoted\"";
  r["model"] = "m<1>";
  std::string html = render_html(r);
  CHECK(html.find("x &lt; y &amp;&amp; &quot;quoted&quot;") != std::string::npos);
  CHECK(html.find("m<1>") == std::string::npos);
}

TEST_CASE("scales map data to pixels and pick round ticks") {
  using xp::rt::report::Scale;
  Scale lin{0, 10, 100, 200};
  CHECK(lin(0) == doctest::Approx(100));
  CHECK(lin(5) == doctest::Approx(150));
  auto t = lin.ticks(5);
  REQUIRE(t.size() == 6);
  CHECK(t[1] == doctest::Approx(2));
  Scale log{1e-4, 1e-1, 0, 300, true};
  CHECK(log(1e-2) == doctest::Approx(200));
  auto lt = log.ticks(5);
  REQUIRE(lt.size() == 4);
  CHECK(lt.front() == doctest::Approx(1e-4));
  double lo = 3, hi = 3;
  xp::rt::report::pad_interval(lo, hi, false);
  CHECK(lo < 3);
  CHECK(hi > 3);
}

TEST_CASE("report.html escapes hostile column names and class labels") {
  auto r = xp::test::load_fixture("iris");
  const std::string evil = "<script>alert(1)</script>\"'&";
  r["data"]["feature_names"][0] = evil;
  r["data"]["classes"][0] = evil;
  r["confusion"]["labels"][0] = evil;
  r["model"] = "<img src=x onerror=alert(1)>";
  std::string html = render_html(r);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  // and the page stays well-formed XML
  auto path = std::filesystem::temp_directory_path() / "exp_test_hostile.html";
  std::string error;
  REQUIRE(xp::rt::report::write_html(r, path.string(), error));
  CHECK(std::system(("xmllint --noout '" + path.string() + "' 2>&1").c_str()) == 0);
  std::filesystem::remove(path);
}

TEST_CASE("batch_norm's running statistics are listed as state, apart from the learned parameters") {
  const std::string html = render_html(xp::test::load_fixture("batch_norm"));
  const size_t state = html.find("<table data-table=\"state\">");
  REQUIRE(state != std::string::npos);
  CHECK(html.find("State — not learned by the optimizer") < state);
  CHECK(html.find("<tr><td><code>g:running</code></td><td><code>[2, 32]</code></td><td class=\"n\">64</td>", state) != std::string::npos);
  CHECK(html.find("g:running") > html.find("<th>total</th>"));  // not among the parameters
  CHECK(render_html(xp::test::load_fixture("iris")).find("data-table=\"state\"") == std::string::npos);  // no state: no table
}

TEST_CASE("the study line counts the trials that ran, and says why they stop short of the budget") {
  auto r = xp::test::load_fixture("iris");  // 16 trials of a budget of 16
  CHECK(render_html(r).find("tpe search, 16 trials (14 complete, 1 pruned, 1 failed) in") != std::string::npos);
  r["study"]["budget"] = 40;  // a time budget or Ctrl-C ended it first
  CHECK(render_html(r).find("tpe search, 16 trials (14 complete, 1 pruned, 1 failed; budget 40) in") !=
        std::string::npos);
  r["study"]["method"] = "grid";
  r["study"]["stopped"] = "grid exhausted";  // a grid of 16 points under a budget of 40
  CHECK(render_html(r).find("grid search, 16 trials (14 complete, 1 pruned, 1 failed; the whole grid) in") !=
        std::string::npos);
}
