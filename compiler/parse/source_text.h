#pragma once
// The bridge between byte offsets (what Spans hold) and code-point indexes
// (what ANTLR token positions hold). Decoding is strict: an invalid UTF-8
// sequence becomes one U+FFFD per bad byte — the lexer then sees an error
// character there — so every input, however broken, reaches the parser.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace xp::parse {

struct DecodedText {
  std::string utf8;                  // valid UTF-8, bad bytes replaced by U+FFFD
  std::vector<uint32_t> cp_to_byte;  // code point index → byte offset in the original; one extra entry = size
  std::optional<uint32_t> first_invalid_byte;  // offset of the first bad byte, if any

  uint32_t byte_offset(size_t code_point) const {
    return code_point < cp_to_byte.size() ? cp_to_byte[code_point] : cp_to_byte.back();
  }
};

DecodedText decode_utf8(std::string_view bytes);

// Line and column as users count them: the column counts characters (code
// points; an invalid byte counts as one), not bytes. Both 1-based.
SourceFile::LineCol char_line_col(const SourceFile& file, uint32_t offset);

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace xp::parse
