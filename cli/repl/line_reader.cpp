#include "cli/repl/line_reader.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <ostream>

#include <editline/readline.h>
#include <unistd.h>

namespace xp::cli {
namespace {

constexpr int kHistoryLines = 1000;

class StreamReader final : public LineReader {
 public:
  StreamReader(std::istream& in, std::ostream* echo) : in_(in), echo_(echo) {}
  std::optional<std::string> read(const std::string& prompt) override {
    std::string line;
    if (!std::getline(in_, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (echo_) *echo_ << prompt << line << "\n" << std::flush;
    return line;
  }
  bool interactive() const override { return false; }

 private:
  std::istream& in_;
  std::ostream* echo_;
};

// libedit's readline interface is global state: one terminal reader at a time.
Completer* g_completer = nullptr;
std::vector<std::string> g_matches;

char* next_match(const char*, int state) {
  static size_t index;
  if (state == 0) index = 0;
  if (index < g_matches.size()) return strdup(g_matches[index++].c_str());
  return nullptr;
}

char** complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  g_matches.clear();
  if (g_completer) {
    std::string line(rl_line_buffer, static_cast<size_t>(start));
    g_matches = (*g_completer)(line, text);
  }
  if (g_matches.empty()) return nullptr;
  return rl_completion_matches(text, next_match);
}

class TerminalReader final : public LineReader {
 public:
  TerminalReader(std::string history_path, Completer completer)
      : history_path_(std::move(history_path)), completer_(std::move(completer)) {
    rl_readline_name = const_cast<char*>("exp");
    rl_initialize();
    g_completer = &completer_;
    rl_attempted_completion_function = complete;
    // `.` and `:` are part of what we complete (mlp.W1, :help), so they do not break words.
    rl_basic_word_break_characters = const_cast<char*>(" \t\n\"'()[]{},=+-*/^@~<>");
    rl_bind_key('\t', rl_complete);
    using_history();
    stifle_history(kHistoryLines);
    if (!history_path_.empty()) read_history(history_path_.c_str());  // a missing file is fine
  }
  ~TerminalReader() override {
    g_completer = nullptr;
    // An unwritable home is not worth an error: the session simply is not saved.
    if (!history_path_.empty()) write_history(history_path_.c_str());
  }
  std::optional<std::string> read(const std::string& prompt) override {
    char* line = readline(prompt.c_str());
    if (!line) return std::nullopt;
    std::string out(line);
    std::free(line);
    return out;
  }
  void remember(const std::string& input) override {
    if (input.find_first_not_of(" \t\n") == std::string::npos) return;
    add_history(input.c_str());
  }
  bool interactive() const override { return true; }

 private:
  std::string history_path_;
  Completer completer_;
};

}  // namespace

std::unique_ptr<LineReader> make_terminal_reader(const std::string& history_path, Completer completer) {
  return std::make_unique<TerminalReader>(history_path, std::move(completer));
}

std::unique_ptr<LineReader> make_stream_reader(std::istream& in, std::ostream* echo) {
  return std::make_unique<StreamReader>(in, echo);
}

std::string default_history_path() {
  if (const char* custom = std::getenv("EXP_HISTORY")) return custom;
  const char* home = std::getenv("HOME");
  if (!home || !*home || access(home, W_OK) != 0) return "";
  return std::string(home) + "/.exp_history";
}

}  // namespace xp::cli
