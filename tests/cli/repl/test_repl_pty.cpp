// Drives the built `exp repl` through a pseudo-terminal, as a person would:
// libedit line editing (cursor keys, backspace), multi-line input while a
// bracket is open, tab completion of keywords, built-ins and defined names,
// history written to $HOME/.exp_history. Every wait has a deadline and the
// child is killed if it does not leave, so a regression fails instead of hanging.
#include <doctest/doctest.h>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPtyDeadline = std::chrono::seconds(20);

class PtySession {
 public:
  explicit PtySession(const std::string& home) {
    pid_ = forkpty(&fd_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      setenv("HOME", home.c_str(), 1);
      unsetenv("EXP_HISTORY");
      setenv("TERM", "xterm", 1);
      setenv("NO_COLOR", "1", 1);
      execl(EXP_BINARY, EXP_BINARY, "repl", static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;
  ~PtySession() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);  // only the child this session started
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  // False when this machine cannot open a pseudo-terminal (some containers): the tests skip.
  bool opened() const { return pid_ > 0; }

  // Types `keys` once libedit is reading (the terminal is out of canonical mode): keys sent
  // earlier would be echoed and line-buffered by the terminal itself, not edited by libedit.
  void send(const std::string& keys) {
    auto deadline = Clock::now() + kPtyDeadline;
    termios mode{};
    while (tcgetattr(fd_, &mode) == 0 && (mode.c_lflag & ICANON) && Clock::now() < deadline) pump(20);
    ssize_t n = write(fd_, keys.data(), keys.size());
    CHECK(n == static_cast<ssize_t>(keys.size()));
  }
  // Reads until `text` appears after what earlier waits consumed, or the deadline passes.
  bool wait_for(const std::string& text) {
    auto deadline = Clock::now() + kPtyDeadline;
    while (output_.find(text, checked_) == std::string::npos) {
      if (Clock::now() > deadline || !pump(100)) {
        MESSAGE("waited for `" << text << "`; the terminal showed:\n" << output_.substr(checked_));
        return false;
      }
    }
    checked_ = output_.find(text, checked_) + text.size();
    return true;
  }
  // Waits for the child to exit (reading what it prints meanwhile); -1 if it had to be killed.
  int exit_code() {
    auto deadline = Clock::now() + kPtyDeadline;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) return -1;  // the destructor kills it
      pump(50);
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string& output() const { return output_; }

 private:
  // Reads what is available within `ms`; false once the terminal is closed.
  bool pump(int ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return true;
    char buf[4096];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO: the child closed its side
    output_.append(buf, static_cast<size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
  size_t checked_ = 0;
};

std::filesystem::path fresh_home(const char* tag) {
  auto home = std::filesystem::temp_directory_path() / ("exp-pty-" + std::string(tag) + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(home);
  std::filesystem::create_directories(home);
  return home;
}

}  // namespace

TEST_CASE("the REPL on a terminal: line editing, multi-line input, redefinition, history") {
  auto home = fresh_home("edit");
  {
    PtySession s(home.string());
    if (!s.opened()) {
      MESSAGE("no pseudo-terminal available: skipped");
      return;
    }
    REQUIRE(s.wait_for("exp> "));
    // Type `hyper lx = 0.1`, move left six characters, fix x → r with backspace.
    s.send("hyper lx = 0.1\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x7fr\r");
    CHECK(s.wait_for("defined hyper lr"));
    // An open bracket continues on the next line, with the continuation prompt.
    s.send("hyper hidden ~ choice(8,\r");
    CHECK(s.wait_for("...> "));
    s.send("16, 32)\r");
    CHECK(s.wait_for("defined hyper hidden"));
    // An error is a diagnostic, and the session goes on.
    s.send("hyper bad = nope\r");
    CHECK(s.wait_for("undefined name `nope`"));
    CHECK(s.wait_for("exp> "));
    // Redefinition replaces, and says so.
    s.send("hyper lr = 0.2\r");
    CHECK(s.wait_for("replaced hyper lr"));
    s.send(":quit\r");
    CHECK(s.exit_code() == 0);
  }
  std::ifstream history(home / ".exp_history");
  REQUIRE(history.good());
  std::stringstream text;
  text << history.rdbuf();
  // libedit writes spaces as \040 in its history file.
  CHECK((text.str().find("hyper lr = 0.1") != std::string::npos ||
         text.str().find("hyper\\040lr\\040=\\0400.1") != std::string::npos));
  std::filesystem::remove_all(home);
}

TEST_CASE("the REPL on a terminal completes keywords, built-ins and defined names with Tab") {
  auto home = fresh_home("complete");
  PtySession s(home.string());
  if (!s.opened()) {
    MESSAGE("no pseudo-terminal available: skipped");
    return;
  }
  REQUIRE(s.wait_for("exp> "));
  // A keyword and a built-in: `dat` + Tab is `data `, `iri` + Tab is `iris`.
  s.send("dat\tflowers = iri\t\r");
  CHECK(s.wait_for("defined data flowers"));
  s.send("hyper learning_rate = 0.1\r");
  CHECK(s.wait_for("defined hyper learning_rate"));
  // A name defined in the session: what runs is `learning_rate`, not `learn`.
  s.send("learn\t\r");
  CHECK(s.wait_for("hyper learning_rate = 0.1"));
  // A built-in after a command: `:help rmsp` + Tab documents rmsprop.
  s.send(":help rmsp\t\r");
  CHECK(s.wait_for("rmsprop(lr"));
  // A command itself: `:hyp` + Tab is `:hypers`.
  s.send(":hyp\t\r");
  CHECK(s.wait_for("learning_rate"));
  s.send("\x04");  // Ctrl-D leaves like :quit
  CHECK(s.exit_code() == 0);
  std::filesystem::remove_all(home);
}

TEST_CASE("an unwritable home costs the history, not the session") {
  PtySession s("/nonexistent/exp-home");
  if (!s.opened()) {
    MESSAGE("no pseudo-terminal available: skipped");
    return;
  }
  REQUIRE(s.wait_for("exp> "));
  s.send("hyper lr = 0.1\r");
  CHECK(s.wait_for("defined hyper lr"));
  s.send("\x04");  // Ctrl-D
  CHECK(s.exit_code() == 0);
}
