// The REPL's scratch folder (cli/repl/session.cpp): each session makes a
// fresh one with mkdtemp and removes it when it ends. Named by the pid, as
// before commit 8469a72, two sessions in one process shared one, and a folder
// a killed session left behind was found again by a later process with the
// same pid: its first `train` failed with E0910 ("already holds a run").
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "cli/repl/session.h"
#include "tests/runtime/temp_dir.h"

namespace {

namespace fs = std::filesystem;

// Everything a session printed to its temporary output file.
std::string printed(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  return text;
}

// TMPDIR pointed at `dir` for one test (fs::temp_directory_path reads it), then put back.
class TmpdirAt {
 public:
  explicit TmpdirAt(const fs::path& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpdirAt() {
    if (old_) ::setenv("TMPDIR", old_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }
  TmpdirAt(const TmpdirAt&) = delete;
  TmpdirAt& operator=(const TmpdirAt&) = delete;

 private:
  std::optional<std::string> old_;
};

xp::cli::ReplSession::Options scratch_session(std::FILE* out) {
  xp::cli::ReplSession::Options o;
  o.out = out;
  return o;  // work_dir "": the session makes its own
}

}  // namespace

TEST_CASE("two REPL sessions in one process get scratch folders of their own, removed when each ends") {
  TempDir tmp(TempDir::created);
  TmpdirAt at(tmp.path);
  std::FILE* out = std::tmpfile();
  std::string first, second;
  {
    xp::cli::ReplSession a(scratch_session(out));
    xp::cli::ReplSession b(scratch_session(out));
    first = a.work_dir();
    second = b.work_dir();
    CHECK(first != second);
    CHECK(fs::is_directory(first));
    CHECK(fs::is_directory(second));
    CHECK(fs::path(first).parent_path() == tmp.path);  // under the temporary folder
  }
  CHECK_FALSE(fs::exists(first));
  CHECK_FALSE(fs::exists(second));
  std::fclose(out);
}

TEST_CASE("a scratch folder an earlier process left behind does not make the first train fail") {
  TempDir tmp(TempDir::created);
  TmpdirAt at(tmp.path);
  // What a session of an earlier process with this pid, killed, left behind
  // under the old name: a whole run in run-1.
  const fs::path stale = tmp.path / ("exp-repl-" + std::to_string(::getpid())) / "run-1";
  fs::create_directories(stale);
  for (const char* name : {"report.json", "model.expm", "script.exp"}) std::ofstream(stale / name) << "stale\n";

  std::FILE* out = std::tmpfile();
  {
    xp::cli::ReplSession s(scratch_session(out));
    for (const char* input : {"data flowers = iris", "split flowers { train: 0.6, val: 0.2, test: 0.2 }",
                              "model lin(x: [F]) -> [C] {\n  param W: [F, C] ~ zeros\n  return x @ W\n}",
                              "train lin on flowers {\n  loss = cross_entropy(lin(x), y)\n  optimizer = adam(0.1)\n"
                              "  epochs = 1\n}"})
      s.submit(input);
    const std::string text = printed(out);
    CHECK(text.find("trained lin for 1 epoch") != std::string::npos);
    CHECK(text.find("E0910") == std::string::npos);
    CHECK(text.find("error") == std::string::npos);
  }
  std::fclose(out);
  CHECK(fs::exists(stale / "report.json"));  // another process's folder: not ours to remove
}
