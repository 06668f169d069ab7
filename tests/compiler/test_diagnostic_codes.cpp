// Every code a checker diagnostic can carry (the named constructors in
// compiler/diags/) is explained in docs/errors.md and exercised by at least
// one golden under tests/diagnostics/; the examples in docs/errors.md show
// their golden's current output. Fails when a new code is added without its
// documentation or its golden, or when a golden changes without the docs
// (run scripts/update-errors-doc.py).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> codes_in(const std::string& text) {
  static const std::regex code(R"re("([EW]0[1-9][0-9]{2})")re");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// Families whose reference section is written by their own stage and has not
// landed yet; each must leave this list when its section and goldens land.
const std::set<std::string> kPendingFamilies = {"shapes.cpp"};

}  // namespace

TEST_CASE("every diagnostic code is documented and has a golden") {
  fs::path root = EXP_SOURCE_DIR;
  std::set<std::string> codes;
  for (const auto& f : fs::directory_iterator(root / "compiler" / "diags"))
    if (f.path().extension() == ".cpp" && !kPendingFamilies.count(f.path().filename().string()))
      codes.merge(codes_in(read(f.path())));
  REQUIRE(codes.size() >= 40);

  std::string doc = read(root / "docs" / "errors.md");
  std::string goldens;
  for (const auto& f : fs::directory_iterator(root / "tests" / "diagnostics"))
    if (f.path().extension() == ".out") goldens += read(f.path());

  for (const auto& code : codes) {
    CAPTURE(code);
    CHECK(doc.find("### " + code + " ") != std::string::npos);
    bool shown = goldens.find("[" + code + "]") != std::string::npos;
    CHECK(shown);
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
