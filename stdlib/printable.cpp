#include "stdlib/printable.h"

#include <cstdio>

namespace xp::stdlib {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string escape(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_control(c) || (keep_newlines && c == '\n')) {
      out += ch;
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace

std::string printable(std::string_view text) { return has_control(text) ? escape(text, false) : std::string(text); }
std::string printable_keep_newlines(std::string_view text) { return escape(text, true); }

bool has_control(std::string_view text) {
  for (char ch : text)
    if (is_control(static_cast<unsigned char>(ch))) return true;
  return false;
}

}  // namespace xp::stdlib
