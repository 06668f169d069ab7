#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/help_text.h"
#include "stdlib/builtins.h"

TEST_CASE("docs/stdlib.md is the registry's markdown (regenerate: exp help --markdown > docs/stdlib.md)") {
  std::ifstream in(std::string(EXP_SOURCE_DIR) + "/docs/stdlib.md");
  REQUIRE(in.good());
  std::stringstream committed;
  committed << in.rdbuf();
  CHECK(committed.str() == xp::stdlib::markdown());
}

TEST_CASE("help from the registry") {
  SUBCASE("a built-in in two categories shows both") {
    auto text = xp::cli::help_entry("exp");
    REQUIRE(text);
    CHECK(text->find("activations") != std::string::npos);
    CHECK(text->find("scalar math") != std::string::npos);
  }
  SUBCASE("a category lists its members with docs") {
    auto text = xp::cli::help_entry("optimizers");
    REQUIRE(text);
    CHECK(text->find("adam(lr, beta1: 0.9") != std::string::npos);
    CHECK(text->find("sgd(") != std::string::npos);
  }
  SUBCASE("one word of a category's name finds it when it names only one") {
    auto text = xp::cli::help_entry("tuning");
    REQUIRE(text);
    CHECK(text->rfind("tuning methods:", 0) == 0);
    CHECK(xp::cli::help_entry("schedules"));
    CHECK_FALSE(xp::cli::help_entry("data"));  // data sets or data sources: ambiguous
  }
  SUBCASE("a built-in's help lists its arguments with what they take") {
    auto text = xp::cli::help_entry("sgd");
    REQUIRE(text);
    CHECK(text->find("momentum") != std::string::npos);
    CHECK(text->find("a number in [0, 1)") != std::string::npos);
  }
  SUBCASE("unknown names get a suggestion") {
    CHECK_FALSE(xp::cli::help_entry("adma"));
    CHECK(xp::cli::closest_builtin("adma") == "adam");
    CHECK(xp::cli::closest_builtin("qqqqqqqq").empty());
  }
  SUBCASE("the overview names every category") {
    std::string all = xp::cli::help_overview();
    CHECK(all.find("losses") != std::string::npos);
    CHECK(all.find("cross_entropy") != std::string::npos);
  }
}
