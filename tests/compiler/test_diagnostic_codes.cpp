// Every code a diagnostic can carry — from the compiler (compiler/, the
// named constructors in compiler/diags/ and compiler/parse/) and from the
// runtime (runtime/: instantiation, data, runs, tuning) — is explained under
// its own heading in docs/errors.md, and the docs name no code the sources do
// not. Front-end codes are also exercised by at least one golden under
// tests/diagnostics/; the examples in docs/errors.md show their golden's
// current output. Fails when a code is added without its documentation or
// golden, when one is removed but still documented, or when a golden changes
// without the docs (run scripts/update-errors-doc.py).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> codes_in(const std::string& text) {
  static const std::regex code(R"re("([EW][0-9]{4})")re");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// Every code quoted in the C++ sources under `folder`.
std::set<std::string> codes_under(const fs::path& folder) {
  std::set<std::string> out;
  for (const auto& f : fs::recursive_directory_iterator(folder)) {
    auto ext = f.path().extension();
    if (f.is_regular_file() && (ext == ".cpp" || ext == ".h")) out.merge(codes_in(read(f.path())));
  }
  return out;
}

std::set<std::string> headings_in(const std::string& doc) {
  static const std::regex heading(R"(\n### ([EW][0-9]{4}) )");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), heading); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// Front-end codes no golden can show, each with where it is tested instead.
const std::map<std::string, std::string> kNoGolden = {
    {"E0031", "needs a script over 16 MB; tests/compiler/test_hostile.cpp writes one"},
    // Data codes (base/data_diags.h) that only `exp run` or `exp predict` can give:
    {"E0810", "exp predict only: tests/cli/predict_missing_column"},
    {"W0801", "exp predict only: tests/runtime/data/test_csv_table.cpp (an unseen level)"},
    {"W0802", "the loader's warning, given once at run: tests/runtime/data/test_csv_table.cpp"},
    {"W0803", "exp predict only: tests/cli/predict_unknown_label and tests/runtime/data/test_csv_table.cpp"},
};

}  // namespace

TEST_CASE("every diagnostic code is documented, and front-end codes have a golden") {
  fs::path root = EXP_SOURCE_DIR;
  // The check gives the codes of the front end and of the layers it shares
  // with the runtime (data diagnostics in base/, split rules in ir/).
  std::set<std::string> front_end = codes_under(root / "compiler");
  for (const char* shared : {"base", "ir"}) front_end.merge(codes_under(root / shared));
  std::set<std::string> runtime = codes_under(root / "runtime");
  REQUIRE(front_end.size() >= 80);
  REQUIRE(runtime.size() >= 15);  // E09xx, E10xx, … (the data codes live in base/data_diags.h)

  std::string doc = read(root / "docs" / "errors.md");
  std::set<std::string> documented = headings_in(doc);
  std::string goldens;
  for (const auto& f : fs::directory_iterator(root / "tests" / "diagnostics"))
    if (f.path().extension() == ".out") goldens += read(f.path());

  for (const auto& code : front_end) {
    CAPTURE(code);
    CHECK(documented.count(code) == 1);
    bool shown = goldens.find("[" + code + "]") != std::string::npos;
    CHECK((shown || kNoGolden.count(code)));
  }
  for (const auto& code : runtime) {
    CAPTURE(code);
    CHECK(documented.count(code) == 1);
  }
  SUBCASE("the reference documents no code that nothing can report") {
    for (const auto& code : documented) {
      CAPTURE(code);
      CHECK((front_end.count(code) || runtime.count(code)));
    }
  }
}

TEST_CASE("the examples in docs/errors.md show their goldens' output") {
  fs::path root = EXP_SOURCE_DIR;
  std::string doc = read(root / "docs" / "errors.md");
  static const std::regex block(R"(<!-- golden: (\S+) -->)");
  size_t blocks = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), block); it != std::sregex_iterator(); ++it) {
    ++blocks;
    std::string name = (*it)[1];
    CAPTURE(name);
    std::string out = read(root / (name + ".out"));
    REQUIRE(!out.empty());
    std::string shown = out.substr(out.find('\n') + 1);  // without the `exit:` line
    while (!shown.empty() && shown.back() == '\n') shown.pop_back();
    size_t end = doc.find("<!-- end golden -->", it->position());
    CHECK(doc.substr(it->position(), end - it->position()).find(shown) != std::string::npos);
  }
  CHECK(blocks >= 40);
}
