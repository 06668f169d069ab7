#include <doctest/doctest.h>

#include "cli/repl/statements.h"

using xp::cli::classify;
using xp::cli::split_statements;

TEST_CASE("REPL inputs: statements and what they replace, or expressions") {
  CHECK(classify("hyper lr ~ loguniform(1e-4, 0.1)").kind == "hyper");
  CHECK(classify("hyper lr ~ loguniform(1e-4, 0.1)").name == "lr");
  CHECK(classify("model mlp(x: [F]) -> [C] {").name == "mlp");
  CHECK(classify("train mlp on iris { epochs = 5 }").kind == "train");
  CHECK(classify("train mlp on iris { epochs = 5 }").runs());
  CHECK(classify("tune { minimize = x }").name == "(black box)");
  CHECK(classify("# a comment\ndata iris = csv(\"iris.csv\")").name == "iris");
  CHECK(classify("standardize iris").kind == "preprocess");
  CHECK_FALSE(classify("hyper lr = 0.1").runs());
  SUBCASE("statement words used as names are expressions") {
    CHECK_FALSE(classify("iris.train").is_statement());
    CHECK_FALSE(classify("train").is_statement());
    CHECK_FALSE(classify("mlp.W1").is_statement());
    CHECK_FALSE(classify("mlp([5.1, 3.5, 1.4, 0.2])").is_statement());
    CHECK_FALSE(classify("lr").is_statement());
  }
}

TEST_CASE("a script is cut into top-level statements, comments kept with what follows") {
  auto parts = split_statements(
      "seed 1\n"
      "\n"
      "# the rate\n"
      "hyper lr ~ loguniform(1e-4,\n"
      "                      0.1)\n"
      "model m(x: [F]) -> [1] {\n"
      "  param w: [F, 1] ~ zeros\n"
      "\n"
      "  return x @ w\n"
      "}\n");
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].text == "seed 1\n");
  CHECK(parts[1].text == "# the rate\nhyper lr ~ loguniform(1e-4,\n                      0.1)\n");
  CHECK(parts[2].text.rfind("model m", 0) == 0);
  CHECK(parts[2].text.find("return x @ w\n}\n") != std::string::npos);
  SUBCASE("each statement knows where it begins in the script (its comment included)") {
    CHECK(parts[0].offset == 0);
    CHECK(parts[1].offset == 8);
    CHECK(parts[2].offset == 8 + 11 + 28 + 27);
  }
}

TEST_CASE("a block statement's header waits for its `{`, complete one-liners do not") {
  using xp::cli::awaits_block;
  CHECK(awaits_block("model m(x: [N, F]) -> [C]"));
  CHECK(awaits_block("# the net\nmodel m(x: [F]) -> [C]  # its block follows"));
  CHECK(awaits_block("train m on iris"));
  CHECK(awaits_block("train m on csv(\"{odd}.csv\")"));  // a brace in a string opens nothing
  CHECK(awaits_block("tune m"));
  CHECK(awaits_block("tune"));
  CHECK(awaits_block("report m"));
  CHECK(awaits_block("split iris"));
  SUBCASE("once the block has begun, open brackets decide") {
    CHECK_FALSE(awaits_block("model m(x: [F]) -> [C] {"));
    CHECK_FALSE(awaits_block("model m(x: [F]) -> [C]\n{"));
    CHECK_FALSE(awaits_block("split iris { train: 0.6, val: 0.2, test: 0.2 }"));
  }
  SUBCASE("an empty line gives up the wait") {
    CHECK_FALSE(awaits_block("model m(x: [F]) -> [C]\n"));
    CHECK_FALSE(awaits_block("train m on iris\n  "));
  }
  SUBCASE("statements and expressions that are complete on one line") {
    for (const char* line : {"hyper lr = 0.1", "data d = iris", "evaluate m", "evaluate m on d", "seed 1",
                             "print 1", "standardize iris", "iris.train", "train.loss", "mlp.W1", "tune_me", "lr"})
      CHECK_MESSAGE(!awaits_block(line), line);
  }
}

TEST_CASE("a line of blanks and comments is nothing to evaluate") {
  CHECK(xp::cli::is_blank_or_comment(""));
  CHECK(xp::cli::is_blank_or_comment("  \t\n"));
  CHECK(xp::cli::is_blank_or_comment("# a note"));
  CHECK(xp::cli::is_blank_or_comment("  # one\n# two\n"));
  CHECK_FALSE(xp::cli::is_blank_or_comment("# the rate\nhyper lr = 0.1"));
  CHECK_FALSE(xp::cli::is_blank_or_comment("lr # trailing"));
}
