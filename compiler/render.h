#pragma once
// The one diagnostic renderer, at the edge (CLI, REPL, tests).
//
// Text, like rustc:
//   examples/bad.exp:3:10: error[E0001]: expected `=` or `~`, found number `0.1`
//     |
//   3 | hyper lr 0.1
//     |          ^^^ expected `=` or `~`
//     = help: declare a searched hyperparameter with ...
// Columns count characters; tabs and wide characters are expanded so carets
// line up; invalid UTF-8 shows as U+FFFD. JSON carries the same fields plus
// line/column ranges for editors.
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace xp {

struct RenderOptions {
  bool color = false;   // ANSI colors (see color_wanted)
  int tab_width = 4;
};

std::string render_text(const Diagnostic& d, const SourceMap& sources, const RenderOptions& options = {});
// Every diagnostic in source order (before_in_source), then the summary line.
std::string render_text(const Diagnostics& diags, const SourceMap& sources, const RenderOptions& options = {});
// "2 errors, 1 warning"; "" when there is nothing to count. Warnings past the
// cap count too (the cap note says how many were not shown).
std::string summary_line(const Diagnostics& diags);
// {"diagnostics": [...], "errors": N, "warnings": M}, diagnostics in source order.
std::string render_json(const Diagnostics& diags, const SourceMap& sources);

// Whether to color: mode is "always", "never" or "auto" (a terminal and no NO_COLOR in the environment).
bool color_wanted(std::string_view mode, bool is_terminal);

}  // namespace xp
