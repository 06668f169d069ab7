#pragma once
// How the REPL tells inputs apart: a top-level statement (and which earlier
// definition it replaces) or an expression to evaluate; and how a loaded
// script is cut into statements so each can be replaced on its own later.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xp::cli {

struct StatementKey {
  std::string kind;  // seed import data split hyper model train tune report evaluate save print preprocess; "" = an expression
  std::string name;  // what a later statement of the same kind replaces ("lr", "mlp"); "" = never replaced
  bool is_statement() const { return !kind.empty(); }
  // Statements that make the session train or tune (and so run the program).
  bool runs() const;
};

StatementKey classify(std::string_view text);

// Whether `text` is the header of a statement that needs a `{ … }` block
// (model, train, tune, report, split) and no `{` has been typed yet: the REPL
// keeps reading, so that a header and a block begun on the next line are one
// input and get one diagnostic, as in a script. A blank line ends the wait.
bool awaits_block(std::string_view text);

// `text` without the spaces, tabs and line breaks around it.
std::string trim(std::string_view text);

// Whether `text` holds nothing but blanks and comments (nothing to evaluate).
bool is_blank_or_comment(std::string_view text);

// Top-level statements of a script, each with the comment lines just above it,
// and the byte offset in the script where it (or its first comment) begins.
struct ScriptStatement {
  std::string text;
  uint32_t offset = 0;
};
std::vector<ScriptStatement> split_statements(std::string_view text);

}  // namespace xp::cli
