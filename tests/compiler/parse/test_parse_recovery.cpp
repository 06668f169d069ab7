// Several syntax errors in one run, without cascades; brackets; REPL input.
#include <doctest/doctest.h>

#include "tests/compiler/parse/parse_helpers.h"

using xp::test::Parsed;

TEST_CASE("one error per broken line, and the good lines still parse") {
  Parsed p(R"(hyper lr 0.1
hyper hidden ~ choice(8, 16)
model m(x: [F]) -> [C] {
  param W: [F, C] ~ glorot
  h = relu(x @ W +)
  return h
}
train m on iris {
  epochs = 10 20
  batch = 16
}
print hidden
)");
  CHECK(p.codes() == std::vector<std::string>{"E0001", "E0001", "E0001"});
  // hyper hidden and print survive; the model and train block held errors.
  CHECK(p.program.stmts.size() == 2);
  std::vector<uint32_t> lines;
  for (const auto& d : p.diags.all()) lines.push_back(p.sources.file(0).line_col(d.span.begin).line);
  CHECK(lines == std::vector<uint32_t>{1, 5, 9});
}

TEST_CASE("an unclosed block is reported where the next statement starts") {
  Parsed p("model mlp(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  return x @ W\n\ntrain mlp on iris {\n  epochs = 3\n}\n");
  REQUIRE(p.codes() == std::vector<std::string>{"E0002"});
  const auto& d = p.diags.all()[0];
  CHECK(d.message == "expected `}` to close model `mlp` opened at 1:26");
  CHECK(p.sources.file(0).line_col(d.span.begin).line == 3);
  REQUIRE(d.secondary.size() == 1);
  CHECK(p.text(d.secondary[0].span) == "{");
  // The train block after it parses normally.
  REQUIRE(p.program.stmts.size() == 2);
}

TEST_CASE("unclosed and stray brackets") {
  SUBCASE("unclosed at end of file") {
    Parsed p("print f(1, 2\n");
    CHECK(p.codes() == std::vector<std::string>{"E0002"});
  }
  SUBCASE("stray closer") {
    Parsed p("print 1)\nprint 2\n");
    CHECK(p.codes() == std::vector<std::string>{"E0003"});
    CHECK(p.program.stmts.size() == 2);
  }
  SUBCASE("mismatched closer") {
    Parsed p("print [1, 2)\n");
    CHECK(p.codes() == std::vector<std::string>{"E0003"});
    CHECK(p.program.stmts.size() == 1);  // read as `[1, 2]`
  }
}

TEST_CASE("lexical errors") {
  CHECK(Parsed("print \"abc\n").codes() == std::vector<std::string>{"E0005"});
  CHECK(Parsed("print 2x\n").codes() == std::vector<std::string>{"E0008"});
  CHECK(Parsed("print 1 $$$ 2\n").codes() == std::vector<std::string>{"E0006", "E0001"});
  CHECK(Parsed("print \xff\xfe 1\n").codes().front() == "E0007");
}

TEST_CASE("messages name tokens as users type them") {
  Parsed p("hyper lr 0.1\n");
  REQUIRE(p.diags.all().size() == 1);
  CHECK(p.diags.all()[0].message == "expected `~` or `=`, found number `0.1`");
  Parsed q("hyper if = 3\n");
  REQUIRE(q.diags.all().size() == 1);
  CHECK(q.diags.all()[0].message == "expected a name, found keyword `if`");
  CHECK(q.diags.all()[0].help.find("keyword") != std::string::npos);
}

TEST_CASE("REPL input: incomplete until brackets close") {
  CHECK(xp::is_incomplete_input("model m(x: [F]) {"));
  CHECK(xp::is_incomplete_input("print f(1,"));
  CHECK(xp::is_incomplete_input("hyper lr ~"));
  CHECK(xp::is_incomplete_input("print 1 +"));
  CHECK(!xp::is_incomplete_input("print 1 + 2"));
  CHECK(!xp::is_incomplete_input("model m(x: [F]) {\n  return x\n}"));
  CHECK(!xp::is_incomplete_input("print 1)"));  // an error, not more input

  xp::SourceMap sources;
  uint32_t file = sources.add("<repl>", "print 1 +\n");
  xp::Diagnostics diags;
  auto input = xp::parse_repl_input(sources, file, diags);
  CHECK(input.incomplete);
  CHECK(diags.all().empty());
  uint32_t full = sources.add("<repl>", "print 1 +\n  2\n");
  input = xp::parse_repl_input(sources, full, diags);
  CHECK(!input.incomplete);
  CHECK(diags.all().empty());
  CHECK(input.program.stmts.size() == 1);
}
