#include "cli/terminal.h"

#include <cstdlib>
#include <cstring>

#include <sys/ioctl.h>
#include <unistd.h>

namespace xp::cli {
namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::strcmp(v, "0") != 0 && std::strcmp(v, "false") != 0;
}

std::string wrap(bool on, const char* code, std::string_view s) {
  if (!on) return std::string(s);
  return std::string("\033[") + code + "m" + std::string(s) + "\033[0m";
}

}  // namespace

Terminal Terminal::detect(std::FILE* stream) {
  Terminal t;
  int fd = fileno(stream);
  bool tty = fd >= 0 && isatty(fd);
  const char* term = std::getenv("TERM");
  bool dumb = term && std::strcmp(term, "dumb") == 0;
  t.live = tty && !dumb && !env_set("CI") && !env_set("EXP_NO_PROGRESS");
  t.color = tty && !dumb && !std::getenv("NO_COLOR");
  winsize ws{};
  if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) {
    t.width = ws.ws_col;
  } else if (const char* cols = std::getenv("COLUMNS")) {
    int c = std::atoi(cols);
    if (c > 20) t.width = c;
  }
  return t;
}

std::string Style::bold(std::string_view s) const { return wrap(on, "1", s); }
std::string Style::dim(std::string_view s) const { return wrap(on, "2", s); }
std::string Style::red(std::string_view s) const { return wrap(on, "31", s); }
std::string Style::green(std::string_view s) const { return wrap(on, "32", s); }
std::string Style::yellow(std::string_view s) const { return wrap(on, "33", s); }
std::string Style::cyan(std::string_view s) const { return wrap(on, "36", s); }

size_t display_width(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // skip an ANSI escape: ESC [ ... letter
      ++i;
      if (i < s.size() && s[i] == '[') {
        while (i + 1 < s.size() && !((s[i + 1] >= 'A' && s[i + 1] <= 'Z') || (s[i + 1] >= 'a' && s[i + 1] <= 'z'))) ++i;
        ++i;
      }
      continue;
    }
    if ((c & 0xC0) != 0x80) ++w;  // count lead bytes only
  }
  return w;
}

}  // namespace xp::cli
