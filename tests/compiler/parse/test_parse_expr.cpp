// Expressions: precedence, associativity, literals, spans.
#include <doctest/doctest.h>

#include "tests/compiler/parse/parse_helpers.h"

using xp::test::expr_of;
using xp::test::Parsed;

TEST_CASE("operators bind as the precedence table says") {
  SUBCASE("arithmetic") {
    CHECK(expr_of("a + b * c") == "(a + (b * c))");
    CHECK(expr_of("a * b + c") == "((a * b) + c)");
    CHECK(expr_of("x @ W + b") == "((x @ W) + b)");
    CHECK(expr_of("a - b - c") == "((a - b) - c)");
    CHECK(expr_of("a / b * c") == "((a / b) * c)");
  }
  SUBCASE("power is right-associative and binds tighter than unary minus") {
    CHECK(expr_of("a ^ b ^ c") == "(a ^ (b ^ c))");
    CHECK(expr_of("-x ^ 2") == "(-(x ^ 2))");
    CHECK(expr_of("2 ^ -x") == "(2 ^ (-x))");
    CHECK(expr_of("-a * b") == "((-a) * b)");
  }
  SUBCASE("logic and comparison") {
    CHECK(expr_of("a == b and c < d or e") == "(((a == b) and (c < d)) or e)");
    CHECK(expr_of("not a == b") == "(not (a == b))");
    CHECK(expr_of("a and not b") == "(a and (not b))");
    CHECK(expr_of("a + 1 >= b * 2") == "((a + 1) >= (b * 2))");
  }
  SUBCASE("postfix binds tightest") {
    CHECK(expr_of("-mlp.W1") == "(-mlp.W1)");
    CHECK(expr_of("f(x)[0] ^ 2") == "(f(x)[0] ^ 2)");
    CHECK(expr_of("a.b.c(d, e: 1)") == "a.b.c(d, e: 1)");
    CHECK(expr_of("(a + b) * c") == "((a + b) * c)");
  }
}

TEST_CASE("literals keep their text") {
  Parsed p("print [16, 0.5, 1e-4, .5, -3]\n");
  REQUIRE(!p.diags.has_errors());
  auto value = std::get<xp::ast::Print>(p.program.stmts[0].node).value;
  const auto& list = std::get<xp::ast::List>(p.expr(value).node);
  REQUIRE(list.items.size() == 5);
  auto number = [&](size_t i) { return std::get<xp::ast::Number>(p.expr(list.items[i]).node); };
  CHECK(number(0).is_int);
  CHECK(number(0).value == 16);
  CHECK(!number(1).is_int);
  CHECK(number(2).text == "1e-4");
  CHECK(number(2).value == doctest::Approx(1e-4));
  CHECK(number(3).value == doctest::Approx(0.5));
  CHECK(number(4).text == "-3");  // a negated literal is one number
  CHECK(number(4).value == -3);
  CHECK(p.text(p.expr(list.items[4]).span) == "-3");
}

TEST_CASE("strings are unescaped") {
  Parsed p(R"(print "a\"b\\c\nd")");
  REQUIRE(!p.diags.has_errors());
  auto value = std::get<xp::ast::Print>(p.program.stmts[0].node).value;
  CHECK(std::get<xp::ast::String>(p.expr(value).node).value == "a\"b\\c\nd");
  Parsed bad(R"(print "a\qb")");
  CHECK(bad.codes() == std::vector<std::string>{"E0009"});
}

TEST_CASE("newlines are ignored inside brackets and after operators") {
  CHECK(expr_of("f(a,\n  b)") == "f(a, b)");
  CHECK(expr_of("[1,\n 2,\n]") == "[1, 2]");
  CHECK(expr_of("a +\n b") == "(a + b)");
}

TEST_CASE("spans cover exactly their text") {
  Parsed p("hyper lr ~ loguniform(1e-4, 1e-1) if opt == sgd\n");
  REQUIRE(!p.diags.has_errors());
  const auto& h = std::get<xp::ast::Hyper>(p.program.stmts[0].node);
  CHECK(p.text(p.program.stmts[0].span) == "hyper lr ~ loguniform(1e-4, 1e-1) if opt == sgd");
  CHECK(p.text(h.name_span) == "lr");
  CHECK(p.text(p.expr(h.value).span) == "loguniform(1e-4, 1e-1)");
  CHECK(p.text(p.expr(h.condition).span) == "opt == sgd");
  const auto& call = std::get<xp::ast::Call>(p.expr(h.value).node);
  CHECK(p.text(p.expr(call.args[1].value).span) == "1e-1");
}

TEST_CASE("spans are byte offsets even after multibyte characters") {
  Parsed p("# é ü — comment\nhyper α_ok = 1\nprint \"naïve\" + x\n");
  // `α` is not a name character: one diagnostic; the character is skipped.
  CHECK(p.codes() == std::vector<std::string>{"E0006"});
  REQUIRE(p.program.stmts.size() == 2);
  auto value = std::get<xp::ast::Print>(p.program.stmts[1].node).value;
  const auto& sum = std::get<xp::ast::Binary>(p.expr(value).node);
  CHECK(p.text(p.expr(sum.rhs).span) == "x");
  CHECK(p.text(p.expr(sum.lhs).span) == "\"naïve\"");
}

TEST_CASE("long operator chains build without deep recursion") {
  std::string sum = "print x";
  for (int i = 0; i < 900; ++i) sum += " + x";
  Parsed ok(sum);
  CHECK(!ok.diags.has_errors());
  std::string too_long = "print x";
  for (int i = 0; i < 5000; ++i) too_long += " + x";
  Parsed bad(too_long);
  CHECK(bad.codes() == std::vector<std::string>{"E0015"});
  CHECK(bad.program.stmts.empty());
}

TEST_CASE("comparisons do not chain") {
  Parsed p("print a < b < c\n");
  CHECK(p.codes() == std::vector<std::string>{"E0013"});
}
