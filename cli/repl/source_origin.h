#pragma once
// Where each statement of a REPL session came from. The session checks its
// statements as one program, but a diagnostic must point at what the user
// typed: `<repl:3>:1:14` is line 1, column 14 of the third input of the
// session (as Python's `<python-input-3>` or Node's `REPL3`), and a statement
// loaded from a script keeps that script's name and line numbers.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace xp::cli {

// The text a statement was taken from, and where in it the statement starts.
struct SourceOrigin {
  std::string name;                         // "<repl:3>", or the path of a loaded script
  std::shared_ptr<const std::string> text;  // the whole input, or the whole script
  uint32_t offset = 0;                      // where the statement starts in `text`
  uint32_t prefix = 0;                      // bytes the session put before it ("print (\n" around an expression)
};

// "<repl:N>": the name of the session's N-th input.
std::string input_name(int n);

// The session's statements joined into one program text, and where each starts in it.
struct SessionText {
  std::string text;
  std::vector<uint32_t> starts;  // one per statement, ascending
};
SessionText join_statements(const std::vector<std::string>& statements);

// A copy of diags.all()[from..] in which every place inside `session_file` (the
// joined text) is moved to the statement's origin, with `sources` to render it:
// the original files (imports keep their ids) plus one file per origin.
// "opened at L:C" in a message follows its "opened here" label.
struct PlacedDiagnostics {
  SourceMap sources;
  Diagnostics diags;
};
PlacedDiagnostics place_diagnostics(const Diagnostics& diags, size_t from, const SourceMap& sources,
                                    uint32_t session_file, const SessionText& session,
                                    const std::vector<SourceOrigin>& origins);

}  // namespace xp::cli
