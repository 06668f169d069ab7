// A refused run (exit code 2) leaves no half-made run folder
// (docs/reliability.md, "A refused run leaves no folder"): the data is loaded
// before the folder is made, so a data error only a load finds refuses the
// run with nothing created, trained or replaced; a refusal after the folder
// was made removes a folder the run made and left holding nothing of its work.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/run/run.h"
#include "runtime/run/run_folder.h"
#include "tests/runtime/run_test_program.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
namespace fs = std::filesystem;

namespace {

rt::RunResult run_refusable(const ir::Program& p, const std::string& out, Diagnostics& d, rt::RunOptions o = {}) {
  o.out_dir = out;
  o.print = [](const std::string&) {};
  return rt::run_program(p, o, d);
}

// `evaluate mlp on m`, where m (two moons) lacks iris's columns: the check
// cannot know (the columns are the training data's), the load refuses it.
ir::Program iris_evaluated_on_moons() {
  ir::Program p = test::iris_program(2);
  ir::DataSpec moons;
  moons.name = "m";
  moons.source = ir::DataSpec::Source::Generator;
  moons.dataset = "moons";
  p.data.push_back(moons);
  p.evaluations = {{"mlp", "m", "", {}}};
  return p;
}

std::string file_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a data error found only by the load refuses the run before it makes a folder") {
  TempDir dir(TempDir::created);
  const fs::path out = dir.path / "runs" / "r";
  Diagnostics d;
  auto r = run_refusable(iris_evaluated_on_moons(), out.string(), d);
  CHECK(r.status == rt::RunStatus::UserError);
  CHECK(r.exit_code == 2);
  REQUIRE(d.error_count() >= 1);
  CHECK(d.all().front().message.find("does not have the features") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(dir.path / "runs"));  // not even its parent: nothing was created
  CHECK(r.out_dir.empty());
  // Fixed, the same --out runs: no E0910 from a folder the refusal left behind.
  ir::Program fixed = iris_evaluated_on_moons();
  fixed.evaluations.clear();
  Diagnostics d2;
  CHECK(run_refusable(fixed, out.string(), d2).status == rt::RunStatus::Ok);
}

TEST_CASE("--force and --resume refused by the data leave the earlier run whole") {
  TempDir dir;
  Diagnostics d;
  ir::Program good = test::iris_program(2);
  test::add_tuning(good, "random", 2, 1, "val.accuracy");
  REQUIRE(run_refusable(good, dir.str(), d).status == rt::RunStatus::Ok);
  const auto before = names_in(dir.path);
  const std::string report = file_text(dir.path / "report.json");
  const std::string study = file_text(dir.path / "study.db");

  ir::Program bad = iris_evaluated_on_moons();
  test::add_tuning(bad, "random", 2, 1, "val.accuracy");
  for (bool resume : {false, true}) {
    CAPTURE(resume);
    rt::RunOptions o;
    o.force = !resume;
    o.resume = resume;
    Diagnostics d2;
    auto r = run_refusable(bad, dir.str(), d2, o);
    CHECK(r.status == rt::RunStatus::UserError);
    CHECK(names_in(dir.path) == before);
    CHECK(file_text(dir.path / "report.json") == report);  // not retracted
    CHECK(file_text(dir.path / "study.db") == study);      // not restarted
  }
}

TEST_CASE("a run refused after its folder was made removes that folder, never one it did not make") {
  TempDir dir(TempDir::created);
  ir::Program p = test::iris_program(2);
  test::add_tuning(p, "random", 2, 1, "val.accuracy");
  rt::RunOptions resume;
  resume.resume = true;  // a new folder holds no study to resume: E0908, found once the folder is open
  const fs::path fresh = dir.path / "fresh";
  Diagnostics d;
  auto r = run_refusable(p, fresh.string(), d, resume);
  CHECK(r.status == rt::RunStatus::UserError);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all().front().code == "E0908");
  CHECK_FALSE(fs::exists(fresh));
  CHECK(r.out_dir.empty());

  // A folder the user made: the refusal leaves it.
  const fs::path theirs = dir.path / "theirs";
  fs::create_directories(theirs);
  std::ofstream(theirs / "notes.txt") << "mine\n";
  Diagnostics d2;
  r = run_refusable(p, theirs.string(), d2, resume);
  CHECK(r.status == rt::RunStatus::UserError);
  CHECK(fs::exists(theirs / "notes.txt"));
  CHECK(r.out_dir == fs::absolute(theirs).string());
}

TEST_CASE("abandon keeps a folder holding the run's work, or anything it did not write") {
  TempDir dir(TempDir::created);
  Diagnostics d;
  for (const char* other : {"", "trials.csv", "study.db", "model.mlp.expm", "notes.txt"}) {
    CAPTURE(other);
    const fs::path p = dir.path / (std::string("r") + other);
    rt::RunFolder f;
    REQUIRE(f.open(p.string(), {}, d));
    REQUIRE(f.write("script.exp", "seed 1\n", d));
    if (*other) std::ofstream(p / other) << "x";
    CHECK(f.abandon() == !*other);
    CHECK(fs::exists(p) == static_cast<bool>(*other));
  }
  // Reopened (so not made by this RunFolder): kept, even when empty.
  const fs::path again = dir.path / "again";
  {
    rt::RunFolder f;
    REQUIRE(f.open(again.string(), {}, d));
  }
  rt::RunFolder f;
  REQUIRE(f.open(again.string(), {}, d));
  CHECK_FALSE(f.abandon());
  CHECK(fs::exists(again));
}
