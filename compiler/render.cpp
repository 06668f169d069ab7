#include "compiler/render.h"
#include "base/json_text.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/parse/source_text.h"
#include "stdlib/printable.h"

namespace xp {
namespace {

constexpr size_t kWindowBefore = 60;   // bytes of context kept left of a label on a very long line
constexpr size_t kWindowAfter = 100;

struct Style {
  bool on;
  std::string wrap(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

const char* severity_name(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}
const char* severity_color(Severity s) { return s == Severity::Error ? "1;31" : s == Severity::Warning ? "1;33" : "1;32"; }

uint32_t decode(std::string_view s, size_t i, size_t len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (len == 1) return b(0);
  uint32_t cp = b(0) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(k) & 0x3F);
  return cp;
}

int char_width(uint32_t cp) {
  if (cp >= 0x0300 && cp <= 0x036F) return 0;  // combining marks
  bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
              (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
              (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
              (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

// One source line as printed: tabs expanded, bad bytes replaced, and the
// display column of every byte offset in it.
struct DisplayLine {
  std::string text;
  std::vector<uint32_t> column;  // per byte of [begin, end] (one extra for end)
  uint32_t begin = 0;

  uint32_t col(uint32_t offset) const {
    if (offset < begin) return 0;
    size_t i = std::min<size_t>(offset - begin, column.size() - 1);
    return column[i];
  }
};

DisplayLine display(std::string_view text, uint32_t begin, uint32_t end, int tab_width, bool clipped_left,
                    bool clipped_right) {
  DisplayLine out;
  out.begin = begin;
  uint32_t col = 0;
  if (clipped_left) { out.text += "…"; col = 1; }
  std::string_view s = text;
  for (size_t i = begin; i < end;) {
    size_t len = parse::utf8_sequence_length(s, i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (len == 0) len = 1;
    for (size_t k = 0; k < len; ++k) out.column.push_back(col);
    if (c == '\t') {
      int spaces = tab_width - static_cast<int>(col % tab_width);
      out.text.append(spaces, ' ');
      col += spaces;
    } else if (parse::utf8_sequence_length(s, i) == 0 || c < 0x20 || c == 0x7F) {
      out.text += "\xEF\xBF\xBD";
      col += 1;
    } else {
      out.text.append(s.substr(i, len));
      col += char_width(decode(s, i, len));
    }
    i += len;
  }
  out.column.push_back(col);
  if (clipped_right) out.text += "…";
  return out;
}

struct Mark {
  Span span;
  std::string text;
  bool primary;
};

class TextRenderer {
 public:
  TextRenderer(const SourceMap& sources, const RenderOptions& options) : sources_(sources), options_(options) {
    style_.on = options.color;
  }

  std::string run(const Diagnostic& d) {
    out_.clear();
    header(d);
    std::vector<Mark> marks;
    if (d.span.valid() && !d.at && d.span.file < sources_.size()) marks.push_back({d.span, d.label, true});
    std::vector<std::string> elsewhere;
    for (const auto& s : d.secondary) {
      if (!s.span.valid() || s.span.file >= sources_.size()) continue;
      if (!marks.empty() && s.span.file == d.span.file) marks.push_back({s.span, s.text, false});
      else elsewhere.push_back(fmt::format("{}: {}", location(s.span), s.text));
    }
    if (!marks.empty()) excerpt(marks);
    std::string pad(gutter_ + 1, ' ');
    // Messages quote data (CSV cells, column names, stored schema text): no
    // control byte of theirs reaches the terminal (stdlib/printable.h).
    for (const auto& e : elsewhere) out_ += pad + style_.wrap("1;34", "=") + " note: " + stdlib::printable_keep_newlines(e) + "\n";
    for (const auto& n : d.notes)
      out_ += pad + style_.wrap("1;34", "=") + " " + style_.wrap("1", "note") + ": " + stdlib::printable_keep_newlines(n) + "\n";
    if (!d.help.empty())
      out_ += pad + style_.wrap("1;34", "=") + " " + style_.wrap("1", "help") + ": " + stdlib::printable_keep_newlines(d.help) + "\n";
    return out_;
  }

 private:
  std::string location(Span s) const {
    const SourceFile& f = sources_.file(s.file);
    auto lc = parse::char_line_col(f, s.begin);
    return fmt::format("{}:{}:{}", f.path, lc.line, lc.col);
  }

  void header(const Diagnostic& d) {
    std::string where;
    if (d.at) {
      where = stdlib::printable(d.at->path);
      if (d.at->line) where += fmt::format(":{}", d.at->line);
      if (d.at->line && d.at->col) where += fmt::format(":{}", d.at->col);
      where += ": ";
    } else if (d.span.valid() && d.span.file < sources_.size()) {
      where = location(d.span) + ": ";
    }
    std::string kind = severity_name(d.severity);
    if (!d.code.empty()) kind += "[" + d.code + "]";
    out_ += style_.wrap("1", where) + style_.wrap(severity_color(d.severity), kind) + style_.wrap("1", ": " + stdlib::printable_keep_newlines(d.message)) + "\n";
    gutter_ = 0;
  }

  void excerpt(std::vector<Mark>& marks) {
    const SourceFile& file = sources_.file(marks[0].span.file);
    std::map<uint32_t, std::vector<Mark>> by_line;
    for (auto& m : marks) {
      m.span.begin = std::min<uint32_t>(m.span.begin, static_cast<uint32_t>(file.text.size()));
      m.span.end = std::clamp<uint32_t>(m.span.end, m.span.begin, static_cast<uint32_t>(file.text.size()));
      by_line[file.line_col(m.span.begin).line].push_back(m);
    }
    gutter_ = std::to_string(by_line.rbegin()->first).size();
    std::string blank(gutter_, ' ');
    out_ += blank + " " + style_.wrap("1;34", "|") + "\n";
    uint32_t previous = 0;
    for (auto& [line, line_marks] : by_line) {
      if (previous && line > previous + 1) out_ += style_.wrap("1;34", "...") + "\n";
      previous = line;
      source_line(file, line, line_marks);
    }
  }

  void source_line(const SourceFile& file, uint32_t line, std::vector<Mark>& marks) {
    uint32_t line_begin = file.line_starts[line - 1];
    uint32_t line_end = line_begin + static_cast<uint32_t>(file.line_text(line).size());
    // Very long lines (a generated 200,000-element list) print a window around the first mark.
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.span.begin < b.span.begin; });
    uint32_t anchor = marks.front().span.begin;
    uint32_t begin = line_begin, end = line_end;
    if (anchor - line_begin > kWindowBefore) begin = anchor - kWindowBefore;
    if (line_end - anchor > kWindowAfter) end = anchor + kWindowAfter;
    while (begin > line_begin && (static_cast<unsigned char>(file.text[begin]) & 0xC0) == 0x80) --begin;
    while (end < line_end && (static_cast<unsigned char>(file.text[end]) & 0xC0) == 0x80) ++end;
    DisplayLine shown = display(file.text, begin, end, options_.tab_width, begin > line_begin, end < line_end);

    std::string number = fmt::format("{:>{}}", line, gutter_);
    std::string bar = style_.wrap("1;34", "|");
    out_ += style_.wrap("1;34", number) + " " + bar + " " + shown.text + "\n";

    // The underline row: `^` for the primary span, `-` for others; the last
    // mark's text goes on the same row, earlier ones on rows of their own.
    std::string underline;
    std::vector<std::pair<uint32_t, const Mark*>> starts;
    uint32_t width_so_far = 0;
    for (const auto& m : marks) {
      uint32_t from = shown.col(std::max(m.span.begin, begin));
      uint32_t to = shown.col(std::min(std::max(m.span.end, m.span.begin), end));
      if (m.span.end > line_end) to = shown.col(end);
      if (to <= from) to = from + 1;
      if (from < width_so_far) from = width_so_far;
      if (to <= from) continue;
      underline.append(from - width_so_far, ' ');
      std::string marker(to - from, m.primary ? '^' : '-');
      underline += style_.wrap(m.primary ? "1;31" : "1;34", marker);
      width_so_far = to;
      starts.push_back({from, &m});
    }
    std::string blank(gutter_, ' ');
    if (starts.empty()) return;
    const Mark& last = *starts.back().second;
    out_ += blank + " " + bar + " " + underline;
    if (!last.text.empty()) out_ += " " + style_.wrap(last.primary ? "1;31" : "1;34", last.text);
    out_ += "\n";
    for (size_t k = starts.size() - 1; k-- > 0;) {
      const Mark& m = *starts[k].second;
      if (m.text.empty()) continue;
      out_ += blank + " " + bar + " " + std::string(starts[k].first, ' ') + style_.wrap(m.primary ? "1;31" : "1;34", m.text) + "\n";
    }
  }

  const SourceMap& sources_;
  const RenderOptions& options_;
  Style style_{false};
  std::string out_;
  size_t gutter_ = 0;
};

nlohmann::json span_json(const SourceMap& sources, Span s) {
  const SourceFile& f = sources.file(s.file);
  uint32_t size = static_cast<uint32_t>(f.text.size());
  auto begin = parse::char_line_col(f, std::min(s.begin, size));
  auto end = parse::char_line_col(f, std::min(std::max(s.end, s.begin), size));
  return {{"file", f.path}, {"line", begin.line}, {"column", begin.col}, {"end_line", end.line},
          {"end_column", end.col}, {"offset", s.begin}, {"length", s.end >= s.begin ? s.end - s.begin : 0}};
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources, const RenderOptions& options) {
  return TextRenderer(sources, options).run(d);
}

std::string summary_line(const Diagnostics& diags) {
  size_t e = diags.error_count(), w = diags.warning_count() + diags.dropped_warnings();
  std::vector<std::string> parts;
  if (e) parts.push_back(fmt::format("{} error{}", e, e == 1 ? "" : "s"));
  if (w) parts.push_back(fmt::format("{} warning{}", w, w == 1 ? "" : "s"));
  if (parts.empty()) return "";
  return parts.size() == 1 ? parts[0] : parts[0] + ", " + parts[1];
}

std::string render_text(const Diagnostics& diags, const SourceMap& sources, const RenderOptions& options) {
  TextRenderer renderer(sources, options);
  std::string out;
  for (const Diagnostic* d : in_source_order(diags)) out += renderer.run(*d) + "\n";
  if (std::string summary = summary_line(diags); !summary.empty()) out += summary + "\n";
  return out;
}

std::string render_json(const Diagnostics& diags, const SourceMap& sources) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic* each : in_source_order(diags)) {
    const Diagnostic& d = *each;
    nlohmann::json j = {{"severity", severity_name(d.severity)}, {"code", d.code}, {"message", d.message},
                        {"label", d.label}, {"notes", d.notes}, {"help", d.help}};
    if (d.at) {
      j["file"] = d.at->path;
      j["line"] = d.at->line;
      j["column"] = d.at->col;
    } else if (d.span.valid() && d.span.file < sources.size()) {
      j.update(span_json(sources, d.span));
    }
    nlohmann::json secondary = nlohmann::json::array();
    for (const auto& s : d.secondary) {
      if (!s.span.valid() || s.span.file >= sources.size()) continue;
      nlohmann::json sj = span_json(sources, s.span);
      sj["label"] = s.text;
      secondary.push_back(std::move(sj));
    }
    j["secondary"] = std::move(secondary);
    list.push_back(std::move(j));
  }
  nlohmann::json doc = {{"diagnostics", std::move(list)}, {"errors", diags.error_count()}, {"warnings", diags.warning_count() + diags.dropped_warnings()}};
  return json_text(doc, 2) + "\n";
}

bool color_wanted(std::string_view mode, bool is_terminal) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return is_terminal && !(no_color && *no_color);
}

}  // namespace xp
