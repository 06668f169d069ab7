// The sink's policy: both severities are capped with a final note, and the
// renderers print diagnostics in source order whatever order passes found them.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "base/diagnostics.h"
#include "compiler/render.h"

namespace {

xp::Diagnostic at(xp::Severity severity, std::string code, uint32_t file, uint32_t begin) {
  xp::Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = "m";
  d.span = {file, begin, begin + 1};
  return d;
}

xp::Diagnostic warning(uint32_t begin) { return at(xp::Severity::Warning, "W0101", 0, begin); }
xp::Diagnostic error(uint32_t begin) { return at(xp::Severity::Error, "E0101", 0, begin); }

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("warnings are capped like errors, with a note counting the rest") {
  xp::Diagnostics diags;
  const size_t total = 20000;
  for (size_t i = 0; i < total; ++i) diags.report(warning(static_cast<uint32_t>(i)));
  CHECK(diags.warning_count() == xp::Diagnostics::kMaxWarnings);
  CHECK(diags.dropped_warnings() == total - xp::Diagnostics::kMaxWarnings);
  REQUIRE(diags.all().size() == xp::Diagnostics::kMaxWarnings + 1);
  const auto& note = diags.all().back();
  CHECK(note.severity == xp::Severity::Note);
  CHECK(note.message == "… and 19900 more warnings");
  CHECK(!diags.has_errors());

  SUBCASE("the text ends with the note and a summary counting every warning") {
    xp::SourceMap sources;
    sources.add("w.exp", std::string(total + 1, 'x'));
    std::string text = xp::render_text(diags, sources);
    CHECK(occurrences(text, "warning[W0101]") == xp::Diagnostics::kMaxWarnings);
    CHECK(text.find("note: … and 19900 more warnings\n\n20000 warnings\n") != std::string::npos);
  }
  SUBCASE("errors are still recorded after the warning cap") {
    diags.report(error(5));
    CHECK(diags.error_count() == 1);
    CHECK(diags.all().back().code == "E0101");
  }
  SUBCASE("one dropped warning reads in the singular") {
    xp::Diagnostics few;
    for (size_t i = 0; i <= xp::Diagnostics::kMaxWarnings; ++i) few.report(warning(0));
    CHECK(few.all().back().message == "… and 1 more warning");
  }
}

TEST_CASE("errors past the cap are dropped after one note") {
  xp::Diagnostics diags;
  for (size_t i = 0; i < 3 * xp::Diagnostics::kMaxErrors; ++i) diags.report(error(0)).help = "h";
  CHECK(diags.error_count() == xp::Diagnostics::kMaxErrors);
  CHECK(diags.all().size() == xp::Diagnostics::kMaxErrors + 1);
  CHECK(diags.all().back().message == "too many errors; stopping here");
}

TEST_CASE("tail keeps its own counts and the cap note's count") {
  xp::Diagnostics diags;
  diags.report(error(1));
  for (size_t i = 0; i < xp::Diagnostics::kMaxWarnings + 7; ++i) diags.report(warning(2));
  xp::Diagnostics rest = diags.tail(1);
  CHECK(rest.error_count() == 0);
  CHECK(rest.warning_count() == xp::Diagnostics::kMaxWarnings);
  CHECK(rest.dropped_warnings() == 7);
  CHECK(xp::summary_line(rest) == "107 warnings");
  rest.report(warning(3));  // the copy keeps capping, and updates its own note
  CHECK(rest.all().back().message == "… and 8 more warnings");
  CHECK(diags.tail(diags.all().size()).all().empty());
}

TEST_CASE("source order: file, offset, then severity; stable for equal keys") {
  xp::Diagnostics diags;
  auto late_warning = at(xp::Severity::Warning, "W1", 0, 40);
  auto early_error = at(xp::Severity::Error, "E1", 0, 10);
  auto same_place_warning = at(xp::Severity::Warning, "W2", 0, 10);
  auto same_place_error = at(xp::Severity::Error, "E2", 0, 10);
  auto other_file = at(xp::Severity::Error, "E3", 1, 0);
  xp::Diagnostic data_file;
  data_file.code = "E0805";
  data_file.at = xp::FileLocation{"d.csv", 3, 2};
  xp::Diagnostic data_file_earlier = data_file;
  data_file_earlier.code = "E0806";
  data_file_earlier.at->line = 2;
  xp::Diagnostic nowhere;
  nowhere.code = "E0901";
  // Reported in pass order, deliberately scrambled.
  for (const auto& d : {nowhere, data_file, other_file, late_warning, same_place_warning, early_error, data_file_earlier,
                        same_place_error})
    diags.report(d);

  std::string order;
  for (const auto* d : xp::in_source_order(diags)) order += d->code + " ";
  CHECK(order == "E1 E2 W2 W1 E3 E0806 E0805 E0901 ");

  SUBCASE("the text and the JSON renderers print that order") {
    xp::SourceMap sources;
    sources.add("a.exp", std::string(50, 'a'));
    sources.add("b.exp", "b\n");
    std::string text = xp::render_text(diags, sources);
    size_t e1 = text.find("error[E1]"), e2 = text.find("error[E2]"), w2 = text.find("warning[W2]"),
           w1 = text.find("warning[W1]"), e3 = text.find("error[E3]"), data = text.find("d.csv:2:2"),
           none = text.find("error[E0901]");
    CHECK(e1 < e2);
    CHECK(e2 < w2);
    CHECK(w2 < w1);
    CHECK(w1 < e3);
    CHECK(e3 < data);
    CHECK(data < none);
    auto json = nlohmann::json::parse(xp::render_json(diags, sources));
    std::string json_order;
    for (const auto& d : json["diagnostics"]) json_order += d["code"].get<std::string>() + " ";
    CHECK(json_order == order);
  }
  SUBCASE("equal places keep the order they were reported in") {
    xp::Diagnostics same;
    for (const char* code : {"E9", "E1", "E5"}) same.report(at(xp::Severity::Error, code, 0, 7));
    std::string got;
    for (const auto* d : xp::in_source_order(same)) got += d->code;
    CHECK(got == "E9E1E5");
  }
  SUBCASE("the cap notes, which have no place, come last") {
    xp::Diagnostics many;
    for (size_t i = 0; i < xp::Diagnostics::kMaxWarnings + 1; ++i) many.report(warning(30));
    many.report(error(0));
    auto sorted = xp::in_source_order(many);
    CHECK(sorted.front()->code == "E0101");
    CHECK(sorted.back()->severity == xp::Severity::Note);
  }
}
