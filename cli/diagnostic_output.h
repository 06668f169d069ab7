#pragma once
// Diagnostics printed by the commands: the compiler's renderer
// (compiler/render.h), coloured on a terminal, to standard error.
#include <cstddef>
#include <cstdio>

#include "base/diagnostics.h"

namespace xp::cli {

// Prints diags.all()[from..] and a summary line ("1 error, 2 warnings") when
// anything was printed. `sources` may be null for diagnostics that point into
// data files only (exp predict). The REPL prints to stdout, so that a
// session reads as one transcript.
void print_diagnostics(const Diagnostics& diags, const SourceMap* sources, size_t from = 0, std::FILE* to = stderr);

}  // namespace xp::cli
