#include "compiler/parse/source_text.h"

#include <algorithm>

namespace xp::parse {

size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return len;
}

DecodedText decode_utf8(std::string_view bytes) {
  DecodedText out;
  out.utf8.reserve(bytes.size());
  out.cp_to_byte.reserve(bytes.size() + 1);
  for (size_t i = 0; i < bytes.size();) {
    out.cp_to_byte.push_back(static_cast<uint32_t>(i));
    size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) {
      if (!out.first_invalid_byte) out.first_invalid_byte = static_cast<uint32_t>(i);
      out.utf8 += "\xEF\xBF\xBD";  // U+FFFD
      i += 1;
    } else {
      out.utf8.append(bytes.substr(i, len));
      i += len;
    }
  }
  out.cp_to_byte.push_back(static_cast<uint32_t>(bytes.size()));
  return out;
}

SourceFile::LineCol char_line_col(const SourceFile& file, uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(file.text.size()));
  auto lc = file.line_col(offset);
  std::string_view text = file.text;
  uint32_t col = 1;
  for (size_t i = file.line_starts[lc.line - 1]; i < offset;) {
    size_t len = utf8_sequence_length(text, i);
    i += len ? len : 1;
    ++col;
  }
  return {lc.line, col};
}

}  // namespace xp::parse
