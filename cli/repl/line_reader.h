#pragma once
// Where the REPL's lines come from. On a terminal: libedit (line editing,
// persistent history in ~/.exp_history, tab completion). Otherwise: plain
// reads from a stream, so piped sessions work and stay free of escape codes.
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xp::cli {

class LineReader {
 public:
  virtual ~LineReader() = default;
  // One line without its newline; nullopt at end of input (Ctrl-D).
  virtual std::optional<std::string> read(const std::string& prompt) = 0;
  // Remembers a complete input (all its lines) in the history.
  virtual void remember(const std::string& input) {}
  virtual bool interactive() const = 0;
};

// Completion candidates for the word being typed: (whole line so far, the word).
using Completer = std::function<std::vector<std::string>(const std::string& line, const std::string& word)>;

// libedit on the terminal; `history_path` "" = no persistent history.
std::unique_ptr<LineReader> make_terminal_reader(const std::string& history_path, Completer completer);
// Plain lines from `in`; each prompt and the line read are echoed to `echo`
// (when not null) so that a piped session's output reads as a transcript.
std::unique_ptr<LineReader> make_stream_reader(std::istream& in, std::ostream* echo);

// ~/.exp_history, or "" when there is no usable home folder.
std::string default_history_path();

}  // namespace xp::cli
