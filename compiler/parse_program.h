#pragma once
// The parse stage's entry: `.exp` text → ast::Program, syntax errors →
// Diagnostics, through parse/ (lexing, recovery) and ast_build/ (the tree).
// ANTLR stays behind this header (and compiler/ast_build/): callers see only the AST.
#include <cstdint>
#include <string_view>

#include "compiler/ast.h"
#include "base/diagnostics.h"

namespace xp {

// Parses one file of `sources`. Every syntax error is reported (the parser
// recovers at the next line or closing `}`); a statement containing an error
// is left out of the result, so later stages never see a half-built node.
ast::Program parse_program(const SourceMap& sources, uint32_t file, Diagnostics& diags);

// Appends the statements of `file` to `into`, sharing its expression arena
// (the driver merges imported files this way; no ids need rebasing).
void parse_into(ast::Program& into, const SourceMap& sources, uint32_t file, Diagnostics& diags);

// One REPL input. `incomplete` means the text ends inside ( [ { or right
// after an operator or comma: nothing is reported, and the REPL should read
// another line and parse the joined text again.
struct ReplInput {
  ast::Program program;
  bool incomplete = false;
};
ReplInput parse_repl_input(const SourceMap& sources, uint32_t file, Diagnostics& diags);

// The same test without building anything (for a prompt's continuation marker).
bool is_incomplete_input(std::string_view text);

}  // namespace xp
