// `exp run` as a process, for what only a process shows: what lands on
// standard output with --json, and what Ctrl-C (SIGINT) during a single
// training leaves behind. Every wait has a deadline; the child this test
// started is killed if it outlives it, so a regression fails instead of hanging.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDeadline = std::chrono::seconds(60);

struct Folder {
  fs::path path;
  Folder() {
    static int counter = 0;
    path = fs::temp_directory_path() / fmt::format("exp-test-process-{}-{}", ::getpid(), counter++);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
};

// A running `exp run …` with stdout and stderr on pipes.
class ExpProcess {
 public:
  explicit ExpProcess(const std::vector<std::string>& args) {
    int out[2], err[2];
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      dup2(err[1], 2);
      close(out[0]), close(out[1]), close(err[0]), close(err[1]);
      setenv("NO_COLOR", "1", 1);
      std::vector<char*> argv{const_cast<char*>(EXP_BINARY)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(EXP_BINARY, argv.data());
      _exit(127);
    }
    close(out[1]);
    close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    fcntl(out_fd_, F_SETFL, O_NONBLOCK);
    fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  }
  ExpProcess(const ExpProcess&) = delete;
  ExpProcess& operator=(const ExpProcess&) = delete;
  ~ExpProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);  // only the child this test started
      waitpid(pid_, nullptr, 0);
    }
    close(out_fd_);
    close(err_fd_);
  }

  // Reads what is available for up to `ms`; false once both pipes are closed.
  bool pump(int ms) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (poll(fds, 2, ms) <= 0) return true;
    bool open = false;
    for (int i = 0; i < 2; ++i) {
      char buf[4096];
      ssize_t n;
      while ((n = read(fds[i].fd, buf, sizeof buf)) > 0) (i ? err_ : out_).append(buf, static_cast<size_t>(n));
      open = open || n != 0;
    }
    return open;
  }
  // Waits until standard error holds `text`.
  bool wait_for_stderr(const std::string& text) {
    auto deadline = Clock::now() + kDeadline;
    while (err_.find(text) == std::string::npos && Clock::now() < deadline)
      if (!pump(50)) break;
    return err_.find(text) != std::string::npos;
  }
  // Reads to the end and returns the exit code (-1 on a signal or a timeout).
  int wait() {
    auto deadline = Clock::now() + kDeadline;
    while (Clock::now() < deadline && pump(50)) {
    }
    int status = 0;
    while (Clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      usleep(20000);
    }
    return -1;
  }
  void interrupt() { kill(pid_, SIGINT); }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  bool exited_ = false;
  std::string out_, err_;
};

json read_json(const fs::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

}  // namespace

TEST_CASE("exp run --json: standard output is the report alone, even when the script prints") {
  Folder dir;
  std::ofstream(dir.path / "s.exp") << R"(seed 1
data d = moons(n: 120)
split d { train: 0.6, val: 0.2, test: 0.2 }
hyper lr = 0.05
model logreg(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  param b: [C] ~ zeros
  return x @ W + b
}
train logreg on d {
  loss = cross_entropy(logreg(x), y)
  optimizer = adam(lr)
  epochs = 3
}
print "hello from the script"
print lr * 2
)";
  ExpProcess p({"run", (dir.path / "s.exp").string(), "--json", "--quiet", "--out", (dir.path / "run").string()});
  CHECK(p.wait() == 0);
  json report;
  CHECK_NOTHROW(report = json::parse(p.out()));
  CHECK(report.value("model", "") == "logreg");
  // The prints are not lost: they go to standard error.
  CHECK(p.err().find("hello from the script") != std::string::npos);
  CHECK(p.err().find("lr * 2 = 0.1") != std::string::npos);
}

TEST_CASE("Ctrl-C during a single training keeps the finished epochs: model, report and the epoch it stopped in") {
  Folder dir;
  // Enough rows and epochs that training is still running when the signal arrives.
  std::ofstream(dir.path / "s.exp") << R"(seed 1
data d = moons(n: 20000)
split d { train: 0.8, val: 0.1, test: 0.1 }
standardize d
model mlp(x: [F]) -> [C] {
  param W1: [F, 64] ~ glorot
  param b1: [64] ~ zeros
  param W2: [64, C] ~ glorot
  param b2: [C] ~ zeros
  return relu(x @ W1 + b1) @ W2 + b2
}
train mlp on d {
  loss = cross_entropy(mlp(x), y)
  optimizer = adam(0.01)
  epochs = 100000
  batch = 8
}
)";
  fs::path run = dir.path / "run";
  ExpProcess p({"run", (dir.path / "s.exp").string(), "--out", run.string()});
  // Log-mode progress (stderr is a pipe) reports epoch 1 when it ends.
  REQUIRE(p.wait_for_stderr("epoch 1/"));
  p.interrupt();
  int code = p.wait();
  CHECK(code == 130);
  INFO(p.err());
  CHECK(p.err().find("interrupted: training mlp stopped during epoch") != std::string::npos);
  CHECK(p.err().find("interrupted: interrupted") == std::string::npos);
  REQUIRE(fs::exists(run / "model.expm"));
  REQUIRE(fs::exists(run / "report.json"));
  json r = read_json(run / "report.json");
  CHECK(r["training"]["status"] == "interrupted");
  int whole = r["training"]["epochs_run"].get<int>();
  CHECK(whole >= 1);
  CHECK(r["training"]["interrupted_in_epoch"].get<int>() == whole + 1);
  CHECK(r["metrics"]["test"]["accuracy"].get<double>() > 0.5);
  // The console says so too.
  CHECK(p.out().find("interrupted (Ctrl-C) during epoch") != std::string::npos);
}
