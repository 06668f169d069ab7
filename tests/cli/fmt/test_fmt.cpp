// `exp fmt`: the layout's rules on small scripts, and on every example and
// every tests/diagnostics script that parses: formatting twice changes
// nothing more, and the formatted script compiles to the same program
// (`exp check --dump-ir`) with the same diagnostics.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/fmt/fmt_file.h"
#include "cli/fmt/format_source.h"
#include "compiler/driver.h"

using xp::cli::format_source;

namespace {

std::string fmt_test_read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> fmt_test_codes(const xp::Diagnostics& diags) {
  std::vector<std::string> codes;
  for (const auto& d : diags.all()) codes.push_back(std::string(d.code));
  return codes;
}

}  // namespace

TEST_CASE("fmt spaces operators, commas and colons, and nothing inside brackets") {
  CHECK(format_source("hyper lr~loguniform( 1e-3,1e-1 )\n") == "hyper lr ~ loguniform(1e-3, 1e-1)\n");
  CHECK(format_source("print -x+ f(-1)*2^-y\n") == "print -x + f(-1) * 2 ^ -y\n");
  CHECK(format_source("split d {train:0.6,val:0.4}\n") == "split d { train: 0.6, val: 0.4 }\n");
  CHECK(format_source("model m(x:[F])->[C]{\nreturn x[0]\n}\n") == "model m(x: [F]) -> [C] {\n  return x[0]\n}\n");
  CHECK(format_source("print iris.train.rows - 1\n") == "print iris.train.rows - 1\n");
  CHECK(format_source("print not a and b\n") == "print not a and b\n");
}

TEST_CASE("fmt indents by block and bracket, and continues a line ended by an operator") {
  CHECK(format_source("train m on d {\n      loss = a +\nb\n    epochs = f(1,\n2)\n}\n") ==
        "train m on d {\n  loss = a +\n    b\n  epochs = f(1,\n    2)\n}\n");
  // A continued line ends the run of aligned settings; without one they line up.
  CHECK(format_source("train m on d {\nloss = a\nepochs = 2\n}\n") == "train m on d {\n  loss   = a\n  epochs = 2\n}\n");
}

TEST_CASE("fmt keeps comments, aligns trailing ones per paragraph, and collapses blank lines") {
  CHECK(format_source("\n\n# head\nseed 1 # one\n\n\n\nhyper a = 1   # a\nhyper bb = 2 #b  \n\n") ==
        "# head\nseed 1  # one\n\nhyper a  = 1  # a\nhyper bb = 2  #b\n");
  CHECK(format_source("model m() {\n# inside\n  return 1\n  # last\n}\n") == "model m() {\n  # inside\n  return 1\n  # last\n}\n");
  CHECK(format_source("print \"# not a comment\"  # a comment\n") == "print \"# not a comment\"  # a comment\n");
}

TEST_CASE("fmt refuses a script with syntax errors and leaves it to the diagnostics") {
  auto r = xp::cli::format_script("broken.exp", "hyper lr ~ (\n");
  CHECK_FALSE(r.ok);
  CHECK(r.diags.has_errors());
}

TEST_CASE("every example and parsing diagnostics script formats idempotently to the same program") {
  namespace fs = std::filesystem;
  const fs::path root = EXP_SOURCE_DIR;
  int formatted = 0;
  for (const char* folder : {"examples", "tests/diagnostics", "tests/trust"}) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      if (entry.path().extension() != ".exp") continue;
      std::string rel = fs::relative(entry.path(), root).string();
      std::string text = fmt_test_read(entry.path());
      auto once = xp::cli::format_script(entry.path().string(), text);
      if (!once.ok) {
        CHECK_MESSAGE(once.internal.empty(), rel, ": ", once.internal);  // only syntax errors may stop it
        continue;
      }
      ++formatted;
      INFO(rel);
      CHECK(format_source(once.formatted) == once.formatted);
      xp::CompileOptions dump;
      dump.dump_ir = true;
      auto before = xp::compile_source(entry.path().string(), text, dump);
      auto after = xp::compile_source(entry.path().string(), once.formatted, dump);
      CHECK(after.dumps == before.dumps);
      CHECK(fmt_test_codes(after.diags) == fmt_test_codes(before.diags));
    }
  }
  CHECK(formatted > 150);  // 195 scripts, of which the syntax-error goldens do not parse
}

TEST_CASE("exp fmt --write rewrites a file in place, after which --check passes") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("exp-fmt-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path script = dir / "s.exp";
  std::ofstream(script) << "seed 1\nhyper lr=0.1   # rate\n";
  std::string exp = EXP_BINARY;
  CHECK(WEXITSTATUS(std::system((exp + " fmt --check " + script.string() + " > /dev/null").c_str())) == 1);
  CHECK(WEXITSTATUS(std::system((exp + " fmt --write " + script.string()).c_str())) == 0);
  CHECK(fmt_test_read(script) == "seed 1\nhyper lr = 0.1  # rate\n");
  CHECK(WEXITSTATUS(std::system((exp + " fmt --check " + script.string()).c_str())) == 0);
  fs::remove_all(dir);
}
