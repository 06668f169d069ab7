#include "base/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/plural.h"

namespace xp {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
  // LF, CRLF and a lone CR (old Mac files) each end a line, as the lexer's NL token does.
  line_starts.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    bool lone_cr = text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
    if (text[i] == '\n' || lone_cr) line_starts.push_back(i + 1);
  }
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

namespace {

Diagnostic cap_note(std::string message) {
  Diagnostic note;
  note.severity = Severity::Note;
  note.message = std::move(message);
  return note;
}

std::string more_warnings(size_t n) { return "… and " + diag::count_of(static_cast<long long>(n), "more warning", "more warnings"); }

}  // namespace

Diagnostic& Diagnostics::report(Diagnostic d) {
  if (d.severity == Severity::Error) {
    if (errors_ >= kMaxErrors) {
      if (!error_cap_note_) {
        error_cap_note_ = items_.size();
        items_.push_back(cap_note("too many errors; stopping here"));
      }
      overflow_ = std::move(d);
      return overflow_;
    }
    ++errors_;
  } else if (d.severity == Severity::Warning) {
    if (warnings_ >= kMaxWarnings) {
      ++dropped_warnings_;
      if (!warning_cap_note_) {
        warning_cap_note_ = items_.size();
        items_.push_back(cap_note(""));
      }
      items_[*warning_cap_note_].message = more_warnings(dropped_warnings_);
      overflow_ = std::move(d);
      return overflow_;
    }
    ++warnings_;
  }
  items_.push_back(std::move(d));
  return items_.back();
}

Diagnostics Diagnostics::tail(size_t from) const {
  Diagnostics out;
  for (size_t i = from; i < items_.size(); ++i) {
    const Diagnostic& d = items_[i];
    if (i == error_cap_note_) out.error_cap_note_ = out.items_.size();
    if (i == warning_cap_note_) {
      out.warning_cap_note_ = out.items_.size();
      out.dropped_warnings_ = dropped_warnings_;
    }
    if (d.severity == Severity::Error) ++out.errors_;
    if (d.severity == Severity::Warning) ++out.warnings_;
    out.items_.push_back(d);
  }
  return out;
}

namespace {

// 0: a span in a script, 1: a place in a data file, 2: no place at all.
int place_group(const Diagnostic& d) {
  if (d.at) return 1;
  return d.span.valid() ? 0 : 2;
}

int severity_rank(Severity s) { return s == Severity::Error ? 0 : s == Severity::Warning ? 1 : 2; }

}  // namespace

bool before_in_source(const Diagnostic& a, const Diagnostic& b) {
  int ga = place_group(a), gb = place_group(b);
  if (ga != gb) return ga < gb;
  if (ga == 0) {
    // Offsets order lines and columns within a file; file ids follow load order (the script first).
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
  } else if (ga == 1) {
    if (a.at->path != b.at->path) return a.at->path < b.at->path;
    if (a.at->line != b.at->line) return a.at->line < b.at->line;
    if (a.at->col != b.at->col) return a.at->col < b.at->col;
  }
  return severity_rank(a.severity) < severity_rank(b.severity);
}

std::vector<const Diagnostic*> in_source_order(const Diagnostics& diags) {
  std::vector<const Diagnostic*> out;
  out.reserve(diags.all().size());
  for (const auto& d : diags.all()) out.push_back(&d);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) { return before_in_source(*a, *b); });
  return out;
}

}  // namespace xp
