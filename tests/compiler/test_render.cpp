// The diagnostic renderer: text like rustc, JSON for editors.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "compiler/render.h"

namespace {

xp::Diagnostic error_at(uint32_t file, uint32_t begin, uint32_t end, std::string label = "here") {
  xp::Diagnostic d;
  d.code = "E0001";
  d.message = "something is wrong";
  d.span = {file, begin, end};
  d.label = std::move(label);
  return d;
}

}  // namespace

TEST_CASE("text: location, excerpt, caret, notes and help") {
  xp::SourceMap sources;
  uint32_t f = sources.add("a.exp", "seed 1\nhyper lr 0.1\n");
  auto d = error_at(f, 16, 19, "expected `=`");
  d.notes.push_back("a note");
  d.help = "do this";
  CHECK(xp::render_text(d, sources) ==
        "a.exp:2:10: error[E0001]: something is wrong\n"
        "  |\n"
        "2 | hyper lr 0.1\n"
        "  |          ^^^ expected `=`\n"
        "  = note: a note\n"
        "  = help: do this\n");
}

TEST_CASE("text: carets stay aligned after tabs and multibyte characters") {
  xp::SourceMap sources;
  std::string line = "\tx = \"é中\" + y";
  uint32_t f = sources.add("t.exp", line + "\n");
  uint32_t y = static_cast<uint32_t>(line.find('y'));
  std::string out = xp::render_text(error_at(f, y, y + 1), sources);
  // tab → 4 columns, é → 1, 中 → 2: `y` sits at display column 16.
  CHECK(out.find("1 |     x = \"é中\" + y\n") != std::string::npos);
  CHECK(out.find("  | " + std::string(16, ' ') + "^ here\n") != std::string::npos);
  CHECK(out.rfind("t.exp:1:13:", 0) == 0);  // columns count characters
}

TEST_CASE("text: invalid UTF-8 and control bytes do not break the excerpt") {
  xp::SourceMap sources;
  uint32_t f = sources.add("b.exp", std::string("ab\xff\x01z\n"));
  std::string out = xp::render_text(error_at(f, 4, 5), sources);
  CHECK(out.find("1 | ab\xEF\xBF\xBD\xEF\xBF\xBDz\n") != std::string::npos);
  CHECK(out.find("  |     ^ here\n") != std::string::npos);
}

TEST_CASE("text: secondary labels on the same and on other lines") {
  xp::SourceMap sources;
  uint32_t f = sources.add("c.exp", "model m(x: [F]) {\n  return x\n");
  auto d = error_at(f, 28, 28, "expected `}`");  // zero width, at the end of line 2
  d.secondary.push_back({{f, 16, 17}, "opened here"});
  std::string out = xp::render_text(d, sources);
  CHECK(out.find("1 | model m(x: [F]) {\n  |                 - opened here\n") != std::string::npos);
  CHECK(out.find("2 |   return x\n  | " + std::string(10, ' ') + "^ expected `}`\n") != std::string::npos);
}

TEST_CASE("text: file locations have no excerpt; colors only when asked") {
  xp::SourceMap sources;
  xp::Diagnostic d;
  d.code = "E0901";
  d.message = "bad row";
  d.at = xp::FileLocation{"data.csv", 3, 2};
  CHECK(xp::render_text(d, sources) == "data.csv:3:2: error[E0901]: bad row\n");
  xp::RenderOptions color;
  color.color = true;
  CHECK(xp::render_text(d, sources, color).find("\x1b[") != std::string::npos);
  CHECK(!xp::color_wanted("never", true));
  CHECK(xp::color_wanted("always", false));
  CHECK(!xp::color_wanted("auto", false));
}

TEST_CASE("text: a very long line is shown as a window around the span") {
  xp::SourceMap sources;
  std::string line(100000, 'a');
  line[50000] = 'X';
  uint32_t f = sources.add("long.exp", line + "\n");
  std::string out = xp::render_text(error_at(f, 50000, 50001), sources);
  CHECK(out.size() < 1000);
  CHECK(out.find('X') != std::string::npos);
}

TEST_CASE("summary and JSON") {
  xp::SourceMap sources;
  uint32_t f = sources.add("j.exp", "seed 1\nhyper lr 0.1\n");
  xp::Diagnostics diags;
  diags.report(error_at(f, 16, 19));
  diags.report(error_at(f, 0, 4));
  xp::Diagnostic w = error_at(f, 0, 4);
  w.severity = xp::Severity::Warning;
  w.code = "W0001";
  diags.report(w);
  CHECK(xp::summary_line(diags) == "2 errors, 1 warning");
  auto j = nlohmann::json::parse(xp::render_json(diags, sources));
  CHECK(j["errors"] == 2);
  CHECK(j["warnings"] == 1);
  REQUIRE(j["diagnostics"].size() == 3);
  // Source order: line 1's error, then its warning at the same place, then line 2.
  CHECK(j["diagnostics"][0]["line"] == 1);
  CHECK(j["diagnostics"][0]["severity"] == "error");
  CHECK(j["diagnostics"][1]["severity"] == "warning");
  auto last = j["diagnostics"][2];
  CHECK(last["file"] == "j.exp");
  CHECK(last["line"] == 2);
  CHECK(last["column"] == 10);
  CHECK(last["end_column"] == 13);
  CHECK(last["severity"] == "error");
  CHECK(xp::render_text(diags, sources).find("\n2 errors, 1 warning\n") != std::string::npos);
}

TEST_CASE("line table: LF, CRLF and a lone CR each end one line") {
  xp::SourceFile f("t.exp", "a\nb\r\nc\rd\r\re");
  //                         0 12 3 4 56 78 9 10
  CHECK(f.line_starts == std::vector<uint32_t>{0, 2, 5, 7, 9, 10});
  CHECK(f.line_col(7).line == 4);
  CHECK(f.line_col(7).col == 1);
  CHECK(f.line_col(10).line == 6);
  CHECK(f.line_text(2) == "b");
  CHECK(f.line_text(3) == "c");
  CHECK(f.line_text(5).empty());
  SUBCASE("a caret in a CR-only file lands on its own line") {
    xp::SourceMap sources;
    uint32_t id = sources.add("cr.exp", "hyper a = 1\rhyper b = nope\r");
    std::string text = xp::render_text(error_at(id, 22, 26), sources);
    CHECK(text.find("cr.exp:2:11:") != std::string::npos);
    CHECK(text.find("2 | hyper b = nope\n") != std::string::npos);
  }
}
