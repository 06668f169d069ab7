#include <doctest/doctest.h>

#include <algorithm>

#include "runtime/report/report_schema.h"
#include "tests/cli/fixture.h"

using xp::rt::report::validate;

namespace {
bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(text) != std::string::npos; });
}
}  // namespace

TEST_CASE("the report fixtures follow the schema") {
  for (const char* name : {"iris", "diabetes", "blackbox"}) {
    CAPTURE(name);
    auto problems = validate(xp::test::load_fixture(name));
    CHECK(problems.empty());
    for (const auto& p : problems) MESSAGE(p);
  }
}

TEST_CASE("schema violations are reported with their JSON path") {
  auto r = xp::test::load_fixture("iris");
  SUBCASE("wrong schema version") {
    r["schema"] = "exp.report/0";
    CHECK(mentions(validate(r), "schema: `exp.report/0` is not exp.report/2 (nor exp.report/1)"));
  }
  SUBCASE("missing required keys") {
    r.erase("script");
    r.erase("exp_version");
    auto p = validate(r);
    CHECK(mentions(p, "script: missing"));
    CHECK(mentions(p, "exp_version: missing"));
  }
  SUBCASE("a trial state that is not spelled as documented") {
    r["trials"][2]["state"] = "COMPLETE";
    CHECK(mentions(validate(r), "trials[2].state: `COMPLETE` is not one of"));
  }
  SUBCASE("a complete trial without a value") {
    for (auto& t : r["trials"])
      if (t["state"] == "complete") { t.erase("value"); break; }
    CHECK(mentions(validate(r), ".value: missing"));
  }
  SUBCASE("a parameter count that disagrees with its shape") {
    r["params"]["W1"]["count"] = 63;
    CHECK(mentions(validate(r), "params.W1.count: 63 is not the product of the shape (64)"));
    CHECK(mentions(validate(r), "param_count"));
  }
  SUBCASE("a confusion matrix narrower than its labels") {
    r["confusion"]["matrix"][1] = {0, 9};
    CHECK(mentions(validate(r), "confusion.matrix[1]: 2 columns for 3 labels"));
  }
  SUBCASE("types") {
    r["metrics"]["test"]["accuracy"] = "high";
    r["study"]["direction"] = "up";
    r["search_space"][0].erase("low");
    auto p = validate(r);
    CHECK(mentions(p, "metrics.test.accuracy: expected a number"));
    CHECK(mentions(p, "study.direction: `up` is not one of maximize, minimize"));
    CHECK(mentions(p, "search_space[0].low: missing"));
  }
  SUBCASE("the final training, and a final model said to come from a trial that is not the best") {
    r["training"] = {{"epochs_run", 30}, {"epochs_planned", 30}, {"status", "complete"}, {"seconds", 0.1},
                     {"from_trial", r["best"]["number"]}};
    CHECK(validate(r).empty());
    r["training"]["from_trial"] = r["best"]["number"].get<int>() + 1;
    r["training"].erase("status");
    auto p = validate(r);
    CHECK(mentions(p, "training.from_trial: " + std::to_string(r["best"]["number"].get<int>() + 1) + " is not the best trial's number"));
    CHECK(mentions(p, "training.status: missing"));
  }
  SUBCASE("not an object at all") { CHECK_FALSE(validate(nlohmann::json::array()).empty()); }
}
