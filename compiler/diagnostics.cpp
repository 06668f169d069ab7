#include "compiler/diagnostics.h"

#include <algorithm>

namespace xp {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
  line_starts.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
}

SourceFile::LineCol SourceFile::line_col(uint32_t offset) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts.begin());  // 1-based
  return {line, offset - line_starts[line - 1] + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  uint32_t begin = line_starts[line - 1];
  uint32_t end = line < line_starts.size() ? line_starts[line] : static_cast<uint32_t>(text.size());
  std::string_view s(text.data() + begin, end - begin);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

uint32_t SourceMap::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<uint32_t>(files_.size() - 1);
}

Diagnostic& Diagnostics::report(Diagnostic d) {
  if (d.severity == Severity::Error) {
    if (errors_ >= kMaxErrors) {
      static Diagnostic sink;  // dropped: hostile input must not flood memory
      if (!truncated_) {
        truncated_ = true;
        Diagnostic note;
        note.severity = Severity::Note;
        note.message = "too many errors; stopping here";
        items_.push_back(note);
      }
      sink = std::move(d);
      return sink;
    }
    ++errors_;
  } else if (d.severity == Severity::Warning) {
    ++warnings_;
  }
  items_.push_back(std::move(d));
  return items_.back();
}

}  // namespace xp
