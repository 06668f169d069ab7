// `exp runs` / `exp diff` pieces: the line diff, the --filter conditions and
// the fields --sort and --filter read from a run summary.
#include <doctest/doctest.h>

#include <algorithm>

#include "cli/runs/line_diff.h"
#include "cli/runs/run_filter.h"
#include "cli/runs/run_summary.h"
#include "tests/cli/fixture.h"

using xp::cli::unified_line_diff;

TEST_CASE("the line diff is empty for equal texts and shows a changed line with context") {
  CHECK(unified_line_diff("a\nb\nc\n", "a\nb\nc\n").empty());
  auto d = unified_line_diff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nfour\n5\n6\n7\n");
  std::vector<std::string> expected = {"@@ -2,5 +2,5 @@", " 2", " 3", "-4", "+four", " 5", " 6"};
  CHECK(d == expected);
}

TEST_CASE("the line diff makes one hunk of close changes and two of distant ones") {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
  CHECK(unified_line_diff(a, "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n").size() == 2 + 3 + 3 + 2);
  auto close = unified_line_diff(a, "1\nx\n3\n4\ny\n6\n7\n8\n9\n10\n11\n12\n");
  CHECK(close.front() == "@@ -1,7 +1,7 @@");
  CHECK(std::count_if(close.begin(), close.end(), [](const std::string& l) { return l.rfind("@@", 0) == 0; }) == 1);
}

TEST_CASE("the line diff counts an insertion into an empty text as diff -u does") {
  auto d = unified_line_diff("", "new\n");
  REQUIRE(d.size() == 2);
  CHECK(d[0] == "@@ -0,0 +1,1 @@");
  CHECK(d[1] == "+new");
}

TEST_CASE("run filters compare text, numbers, and refuse what is not a comparison") {
  auto s = xp::cli::summarize_run("iris_a", xp::test::load_fixture("iris"));
  std::string error;
  auto check = [&](const std::string& text) {
    auto f = xp::cli::parse_run_filter(text, error);
    REQUIRE(f);
    return f->matches(s);
  };
  CHECK(check("model=mlp"));
  CHECK_FALSE(check("model!=mlp"));
  CHECK(check("seed=42"));
  CHECK(check("test.accuracy>=0.9"));
  CHECK_FALSE(check("test.accuracy<0.9"));
  CHECK(check("best>0.97"));
  CHECK(check("hypers.act=tanh"));
  CHECK(check("data=iris"));
  CHECK_FALSE(check("test.r2>0"));  // absent: no number passes
  CHECK_FALSE(xp::cli::parse_run_filter("accuracy", error));
  CHECK_FALSE(xp::cli::parse_run_filter("=3", error));
  CHECK_FALSE(xp::cli::parse_run_filter("seed>x", error));
  CHECK_FALSE(xp::cli::parse_run_filter("seed!3", error));
}

TEST_CASE("a run summary's data digest changes with any part's fingerprint") {
  auto report = xp::test::load_fixture("iris");
  auto a = xp::cli::summarize_run("a", report);
  report["data"]["fingerprints"]["val"] = "fnv1a64:0000000000000000";
  auto b = xp::cli::summarize_run("b", report);
  CHECK(xp::cli::summary_field(a, "fingerprint") != xp::cli::summary_field(b, "fingerprint"));
  CHECK(xp::cli::summary_field(a, "duration").is_number());
  CHECK(xp::cli::summary_field(a, "best.objective") == "val.accuracy");
}
