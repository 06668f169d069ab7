#pragma once
// What the terminal we talk to can do: redraw a line, show colour, how wide
// it is. Decided once from the environment so every printer agrees.
#include <cstdio>
#include <string>
#include <string_view>

namespace xp::cli {

struct Terminal {
  bool live = false;   // redraw progress in place (a tty, not CI, not EXP_NO_PROGRESS)
  bool color = false;  // ANSI styles (a tty and no NO_COLOR)
  int width = 100;     // columns

  // Inspects `stream` (stderr for progress, stdout for reports) and the
  // environment: CI, EXP_NO_PROGRESS, NO_COLOR, TERM=dumb, COLUMNS.
  static Terminal detect(std::FILE* stream);
};

// ANSI styling that collapses to the plain text when colour is off.
struct Style {
  bool on = false;
  std::string bold(std::string_view s) const;
  std::string dim(std::string_view s) const;
  std::string red(std::string_view s) const;
  std::string green(std::string_view s) const;
  std::string yellow(std::string_view s) const;
  std::string cyan(std::string_view s) const;
};

// Display width of UTF-8 text in columns (one per code point; ANSI escapes
// count zero). Good enough for the box-drawing and block characters we print.
size_t display_width(std::string_view s);

}  // namespace xp::cli
