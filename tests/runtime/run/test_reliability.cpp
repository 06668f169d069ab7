// The promises of docs/reliability.md that a unit test can hold: hostile
// model files refused before anything is instantiated, atomic writes that a
// planted symlink cannot redirect, the run folder's lock and its refusal to
// replace an earlier run, a refused run leaving no folder, the bundle rule, save-path rules, and trials of a
// tampered study store set aside. (Fault injection and crash points run the
// real binary: tests/reliability/.)
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runtime/io/atomic_file.h"
#include "runtime/io/model_file.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"
#include "runtime/run/run_folder.h"
#include "runtime/run/save_path.h"
#include "stdlib/csv.h"
#include "stdlib/printable.h"
#include "tests/runtime/run_test_program.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

rt::RunResult run(const ir::Program& p, const std::string& out, Diagnostics& d, rt::RunOptions o = {}) {
  o.out_dir = out;
  o.print = [](const std::string&) {};
  return rt::run_program(p, o, d);
}

// One real model file of the iris MLP, trained once for every case below.
const rt::ModelFile& iris_model() {
  static rt::ModelFile file = [] {
    TempDir dir(TempDir::created);
    Diagnostics d;
    auto r = run(test::iris_program(2), (dir.path / "run").string(), d);
    REQUIRE(r.status == rt::RunStatus::Ok);
    return rt::load_model_file(r.model_path);
  }();
  return file;
}

}  // namespace

TEST_CASE("hostile model files with a valid checksum are refused with E0907, before anything is allocated") {
  const rt::ModelFile& good = iris_model();
  {
    Diagnostics d;
    REQUIRE(rt::saved_model_from(good, "good.expm", d));
  }
  const int64_t big = int64_t{1} << 20, huge = int64_t{1} << 31;
  using Mutation = std::function<void(rt::ModelFile&)>;
  auto first_param_op = [](json& ops) -> json& {
    for (auto& op : ops)
      if (op.contains("index") && op["index"].get<int64_t>() >= 0 && op.contains("name") && op["name"] == "W2") return op;
    FAIL("no op reads parameter W2");
    return ops[0];
  };
  std::vector<std::pair<const char*, Mutation>> cases = {
      {"classes 2^20", [&](rt::ModelFile& m) { m.meta["dims"]["classes"] = big; }},
      {"classes 2^31", [&](rt::ModelFile& m) { m.meta["dims"]["classes"] = huge; }},
      {"features 2^20", [&](rt::ModelFile& m) { m.meta["dims"]["features"] = big; }},
      {"features 2^31", [&](rt::ModelFile& m) { m.meta["dims"]["features"] = huge; }},
      {"targets 2^31", [&](rt::ModelFile& m) { m.meta["dims"]["targets"] = huge; }},
      {"hidden 2^20", [&](rt::ModelFile& m) { m.meta["hypers"]["hidden"] = big; }},
      {"hidden 2^31", [&](rt::ModelFile& m) { m.meta["hypers"]["hidden"] = huge; }},
      {"hidden 0", [&](rt::ModelFile& m) { m.meta["hypers"]["hidden"] = 0; }},
      {"hidden 1e300", [&](rt::ModelFile& m) { m.meta["hypers"]["hidden"] = 1e300; }},
      {"hidden a name", [&](rt::ModelFile& m) { m.meta["hypers"]["hidden"] = json{{"name", "relu"}}; }},
      {"activation not a built-in", [&](rt::ModelFile& m) { m.meta["hypers"]["act"] = json{{"name", "system"}}; }},
      {"input made an int", [&](rt::ModelFile& m) { m.meta["graphs"][0]["inputs"][0]["is_int"] = true; }},
      {"no inputs", [&](rt::ModelFile& m) { m.meta["graphs"][0]["inputs"] = json::array(); }},
      {"no class names", [&](rt::ModelFile& m) { m.meta["schema"]["classes"] = json::array(); }},
      {"2 class names for 3 outputs", [&](rt::ModelFile& m) { m.meta["schema"]["classes"].erase(2); }},
      {"duplicate class names", [&](rt::ModelFile& m) { m.meta["schema"]["classes"][1] = m.meta["schema"]["classes"][0]; }},
      {"classes and names agree, outputs do not", [&](rt::ModelFile& m) {
         m.meta["schema"]["classes"].push_back("extra");
         m.meta["dims"]["classes"] = 4;
       }},
      {"NaN weight", [&](rt::ModelFile& m) { m.tensors[0].values[0] = std::numeric_limits<float>::quiet_NaN(); }},
      {"infinite weight", [&](rt::ModelFile& m) { m.tensors.back().values.back() = std::numeric_limits<float>::infinity(); }},
      {"op index 2^32 + 1", [&](rt::ModelFile& m) {
         json& op = first_param_op(m.meta["graphs"][0]["ops"]);
         op["index"] = (int64_t{1} << 32) + op["index"].get<int64_t>();
       }},
      {"op index past the parameters", [&](rt::ModelFile& m) { first_param_op(m.meta["graphs"][0]["ops"])["index"] = 99; }},
      {"dimension coefficient 2^62", [&](rt::ModelFile& m) {
         m.meta["graphs"][0]["params"][0]["shape"][1]["terms"][0][1] = int64_t{1} << 62;
       }},
      {"dim_bindings to an unknown dimension", [&](rt::ModelFile& m) { m.meta["dim_bindings"]["C"] = "rows"; }},
      {"dim_bindings not an object", [&](rt::ModelFile& m) { m.meta["dim_bindings"] = json::array(); }},
      {"dim_bindings missing", [&](rt::ModelFile& m) { m.meta.erase("dim_bindings"); }},
      {"a tensor missing", [&](rt::ModelFile& m) { m.tensors.pop_back(); }},
      {"a tensor twice", [&](rt::ModelFile& m) { m.tensors.push_back(m.tensors.front()); }},
      {"a tensor reshaped", [&](rt::ModelFile& m) { std::swap(m.tensors[0].shape[0], m.tensors[0].shape[1]); }},
      {"a stray tensor", [&](rt::ModelFile& m) { m.tensors.push_back({"mlp.evil", {1}, {1}}); }},
      {"graphs not an array", [&](rt::ModelFile& m) { m.meta["graphs"] = 7; }},
      {"schema not an object", [&](rt::ModelFile& m) { m.meta["schema"] = "x"; }},
      {"regression model with classes", [&](rt::ModelFile& m) { m.meta["schema"]["task"] = "regression"; }},
  };
  for (const auto& [label, mutate] : cases) {
    const std::string name = label;
    CAPTURE(name);
    rt::ModelFile bad = good;
    mutate(bad);
    // Through the bytes with a fresh, valid checksum, as a hostile file would come.
    rt::ModelFile decoded = rt::decode_model_file(rt::encode_model_file(bad), "bad.expm");
    Diagnostics d;
    std::optional<rt::SavedModel> m;
    CHECK_NOTHROW(m = rt::saved_model_from(decoded, "bad.expm", d));
    CHECK_FALSE(m);
    CHECK(d.has_errors());
    if (d.has_errors()) CHECK(d.all().front().code == "E0907");
  }
}

TEST_CASE("a model file is read only when it is a regular file that starts with the magic") {
  Diagnostics d;
  CHECK_FALSE(rt::load_saved_model("/dev/zero", d));  // not read for gigabytes: refused at once
  REQUIRE(d.has_errors());
  CHECK(d.all().back().message.find("not a regular file") != std::string::npos);
  TempDir dir(TempDir::created);
  std::ofstream(dir.path / "zeros.expm", std::ios::binary) << std::string(4096, '\0');
  CHECK_FALSE(rt::load_saved_model((dir.path / "zeros.expm").string(), d));
  CHECK(d.all().back().message.find("EXPMODEL") != std::string::npos);
  fs::path fifo = dir.path / "pipe.expm";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(rt::load_saved_model(fifo.string(), d));  // would block forever if opened for reading
}

TEST_CASE("atomic writes replace the target whole, never follow planted links and leave no temporary") {
  TempDir dir(TempDir::created);
  fs::path victim = dir.path / "victim";
  std::ofstream(victim) << "precious";
  fs::create_directories(dir.path / "run");
  fs::create_symlink(victim, dir.path / "run" / "report.html");
  fs::create_symlink(victim, dir.path / "run" / "report.json.tmp");
  std::string why;
  REQUIRE(rt::write_file_atomic((dir.path / "run" / "report.html").string(), "<html>", why));
  REQUIRE(rt::write_file_atomic((dir.path / "run" / "report.json").string(), "{}", why));
  CHECK(slurp(victim) == "precious");
  CHECK_FALSE(fs::is_symlink(dir.path / "run" / "report.html"));
  CHECK(slurp(dir.path / "run" / "report.html") == "<html>");
  CHECK(listing(dir.path / "run") == std::vector<std::string>{"report.html", "report.json", "report.json.tmp"});

  // A failure (the target is a folder: rename fails) leaves the old state and no temporary.
  fs::create_directories(dir.path / "run" / "taken" / "x");
  CHECK_FALSE(rt::write_file_atomic((dir.path / "run" / "taken").string(), "data", why));
  CHECK(why.find("rename") != std::string::npos);
  CHECK(listing(dir.path / "run") == std::vector<std::string>{"report.html", "report.json", "report.json.tmp", "taken"});
}

TEST_CASE("the run folder: one writer at a time, an earlier run is not replaced silently, default names never collide") {
  TempDir dir(TempDir::created);
  const std::string out = (dir.path / "r").string();
  {
    rt::RunFolder first, second;
    Diagnostics d;
    REQUIRE(first.open(out, {}, d));
    CHECK_FALSE(second.open(out, {}, d));
    REQUIRE(d.has_errors());
    CHECK(d.all().back().code == "E0909");
    CHECK(d.all().back().message.find("in use by pid " + std::to_string(::getpid()) + " on host ") != std::string::npos);
    rt::FolderMode resume;
    resume.resume = true;
    CHECK_FALSE(second.open(out, resume, d));  // two --resume: the same refusal
    CHECK(d.all().back().code == "E0909");
  }
  Diagnostics d;
  auto r = run(test::iris_program(1), out, d);
  REQUIRE(r.status == rt::RunStatus::Ok);
  const std::string model = slurp(fs::path(out) / "model.expm");
  auto again = run(test::iris_program(1), out, d);
  CHECK(again.status == rt::RunStatus::UserError);
  CHECK(d.all().back().code == "E0910");
  CHECK(slurp(fs::path(out) / "model.expm") == model);  // untouched
  rt::RunOptions force;
  force.force = true;
  Diagnostics d2;
  CHECK(run(test::iris_program(1), out, d2, force).status == rt::RunStatus::Ok);
  // Every output is in place, the lock stays hidden, nothing temporary is left.
  auto files = listing(out);
  CHECK(files == std::vector<std::string>{".lock", "model.expm", "predictions_test.csv", "report.html", "report.json"});  // a hand-built program has no script

  rt::RunFolder a, b;
  rt::FolderMode fresh;
  fresh.claim_new = true;
  REQUIRE(a.open((dir.path / "runs" / "iris-20260101-000000").string(), fresh, d2));
  REQUIRE(b.open((dir.path / "runs" / "iris-20260101-000000").string(), fresh, d2));
  CHECK(a.path() != b.path());
  CHECK(fs::path(b.path()).filename() == "iris-20260101-000000-2");
}

// A refused run (exit code 2) leaves no half-made run folder ("A refused
// run leaves no folder"): the data loads before the folder is made, and a
// refusal after it removes a folder the run made that holds none of its work.
TEST_CASE("a data error found only by the load refuses the run before it makes a folder") {
  TempDir dir(TempDir::created);
  const fs::path out = dir.path / "runs" / "r";
  Diagnostics d;
  ir::Program bad = test::iris_program(2);
  test::add_evaluation_on_moons(bad);
  auto r = run(bad, out.string(), d);
  CHECK(r.status == rt::RunStatus::UserError);
  CHECK(r.exit_code == 2);
  REQUIRE(d.error_count() >= 1);
  CHECK(d.all().front().message.find("does not have the features") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(dir.path / "runs"));  // not even its parent: nothing was created
  CHECK(r.out_dir.empty());
  // Fixed, the same --out runs: no E0910 from a folder the refusal left behind.
  Diagnostics d2;
  CHECK(run(test::iris_program(2), out.string(), d2).status == rt::RunStatus::Ok);
}

TEST_CASE("--force and --resume refused by the data leave the earlier run whole") {
  TempDir dir;
  Diagnostics d;
  ir::Program good = test::iris_program(2);
  test::add_tuning(good, "random", 2, 1, "val.accuracy");
  REQUIRE(run(good, dir.str(), d).status == rt::RunStatus::Ok);
  const auto before = listing(dir.path);
  const std::string report = slurp(dir.path / "report.json");
  const std::string study = slurp(dir.path / "study.db");

  ir::Program bad = test::iris_program(2);
  test::add_evaluation_on_moons(bad);
  test::add_tuning(bad, "random", 2, 1, "val.accuracy");
  for (bool resume : {false, true}) {
    CAPTURE(resume);
    rt::RunOptions o;
    o.force = !resume;
    o.resume = resume;
    Diagnostics d2;
    auto r = run(bad, dir.str(), d2, o);
    CHECK(r.status == rt::RunStatus::UserError);
    CHECK(listing(dir.path) == before);
    CHECK(slurp(dir.path / "report.json") == report);  // not retracted
    CHECK(slurp(dir.path / "study.db") == study);      // not restarted
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
  auto r = run(p, fresh.string(), d, resume);
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
  r = run(p, theirs.string(), d2, resume);
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

TEST_CASE("the files of a run folder are known by name") {
  for (const char* f : {"report.json", "report.html", "model.expm", "model.net.expm", "study.db", "trials.csv",
                        "trials.net.csv", "trials.blackbox.csv", "script.exp"})
    CHECK(rt::is_run_file(f));
  for (const char* f : {".lock", "notes.txt", "study.db-wal", ".report.json.tmp-1-2-3", "model.expm.tmp", "trials..csv"})
    CHECK_FALSE(rt::is_run_file(f));
}

TEST_CASE("the bundle rule: report.json goes first and comes back last") {
  TempDir dir(TempDir::created);
  rt::RunFolder f;
  Diagnostics d;
  rt::FolderMode force;
  force.force = true;
  REQUIRE(f.open(dir.str(), force, d));
  REQUIRE(f.write("report.json", "{}", d));
  REQUIRE(f.write("report.html", "<p>", d));
  REQUIRE(f.retract_report(d));
  CHECK_FALSE(fs::exists(dir.path / "report.json"));
  CHECK_FALSE(fs::exists(dir.path / "report.html"));
}

TEST_CASE("save paths stay beside the script unless an absolute folder of the user's is named") {
  TempDir dir(TempDir::created);
  fs::create_directories(dir.path / "proj" / "sub");
  fs::create_directories(dir.path / "elsewhere");
  fs::create_symlink(dir.path / "elsewhere", dir.path / "proj" / "link");
  std::ofstream(dir.path / "proj" / "notes.txt") << "mine";
  fs::create_directories(dir.path / "proj" / "papers");
  std::ofstream(dir.path / "proj" / "papers" / "draft.tex") << "mine";
  const std::string script_dir = (dir.path / "proj").string();
  auto problem = [&](const std::string& text) {
    ir::ReportSpec r;
    r.save_text = text;
    r.save_path = fs::path(text).is_absolute() ? text : (fs::path(script_dir) / text).string();
    return rt::save_path_problem(r, script_dir);
  };
  for (const std::string& ok : std::vector<std::string>{"runs/best", "sub/model", "./out", (dir.path / "elsewhere" / "copy").string()}) {
    CAPTURE(ok);
    CHECK(problem(ok) == "");
  }
  const std::vector<std::string> refused = {
      "/", "/etc", "/usr/local/share/x", "/proc/self", "/dev", "..", "../x", "../../x", "sub/../../x", ".",
      "link/x", "link", "notes.txt", "papers", std::string("a\0b", 3), std::string(5000, 'a'), "",
      "/bin/../etc", "/var/lib/x", "/sys/kernel"};
  for (const auto& bad : refused) {
    CAPTURE(stdlib::printable(bad.substr(0, 40)));
    CHECK(problem(bad) != "");
  }
}

TEST_CASE("text from data is made printable, and CSV cells cannot become formulas") {
  CHECK(stdlib::printable("plain") == "plain");
  CHECK(stdlib::printable("a\x1b]0;pwn\x07z") == "a\\x1b]0;pwn\\x07z");
  CHECK(stdlib::printable(std::string("nul\0here", 8)) == "nul\\x00here");
  CHECK(stdlib::printable("tab\tnl\ncr\rdel\x7f") == "tab\\tnl\\ncr\\rdel\\x7f");
  CHECK(stdlib::printable_keep_newlines("a\nb\x1b") == "a\nb\\x1b");
  CHECK(stdlib::csv::field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(stdlib::csv::field("+cmd") == "'+cmd");
  CHECK(stdlib::csv::field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(stdlib::csv::field("-2+3") == "'-2+3");
  CHECK(stdlib::csv::field("-0.5") == "-0.5");  // numbers stay numbers
  CHECK(stdlib::csv::field("+1e-3") == "+1e-3");
  CHECK(stdlib::csv::field("setosa") == "setosa");
}
