#pragma once
// Text from data (CSV cells, column names, class labels, tensor names, stored
// schema text) on its way to a terminal: every control byte (< 0x20, 0x7f)
// becomes a visible escape, so a cell cannot clear the screen, start an OSC
// sequence or cut a diagnostic short with a NUL.
#include <string>
#include <string_view>

namespace xp::stdlib {

// "a\x1b[2Jb" → "a\x1b[2Jb" with the ESC shown as the four characters \x1b;
// tab, line feed and carriage return as \t, \n, \r. Other bytes unchanged.
std::string printable(std::string_view text);
// The same, but line feeds kept: for multi-line text built by exp itself
// around data that was already made printable.
std::string printable_keep_newlines(std::string_view text);
// True when `text` holds a byte printable() would escape.
bool has_control(std::string_view text);

}  // namespace xp::stdlib
