#pragma once
// One file through `exp fmt`: parsed first (a script with syntax errors is
// not formatted: its diagnostics are returned), then laid out
// (format_source.h), then parsed again: the formatted text must give the
// same syntax tree (ast::dump), else the formatter is wrong and says so
// instead of changing the program.
#include <string>

#include "base/diagnostics.h"

namespace xp::cli {

struct FormatOutcome {
  bool ok = false;
  std::string formatted;   // when ok
  SourceMap sources;       // for rendering `diags`
  Diagnostics diags;       // the syntax errors that stopped it
  std::string internal;    // a formatter bug: the layout changed the program
};

FormatOutcome format_script(const std::string& path, const std::string& text);

}  // namespace xp::cli
