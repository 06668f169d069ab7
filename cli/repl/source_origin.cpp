#include "cli/repl/source_origin.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/parse/source_text.h"

namespace xp::cli {
namespace {

// Moves places from the joined session text to the statements' origins.
class Placer {
 public:
  Placer(const SourceMap& sources, uint32_t session_file, const SessionText& session,
         const std::vector<SourceOrigin>& origins)
      : sources_(sources), session_file_(session_file), session_(session), origins_(origins) {
    for (uint32_t i = 0; i < sources.size(); ++i) out_.add(sources.file(i).path, sources.file(i).text);
    for (const auto& o : origins)
      if (o.text && !file_of_.count(o.text.get())) file_of_[o.text.get()] = out_.add(o.name, *o.text);
  }

  Diagnostic place(Diagnostic d) const {
    d.span = relocate(d.span);
    for (auto& s : d.secondary) {
      Span moved = relocate(s.span);
      if (moved.file != s.span.file) d.message = follow(d.message, s.span, moved);
      s.span = moved;
    }
    return d;
  }

  SourceMap take_sources() { return std::move(out_); }

 private:
  bool movable(Span s) const {
    return s.valid() && s.file == session_file_ && session_file_ < sources_.size() &&
           session_.starts.size() == origins_.size() && !origins_.empty();
  }

  Span relocate(Span s) const {
    if (!movable(s)) return s;
    auto after = std::upper_bound(session_.starts.begin(), session_.starts.end(), s.begin);
    size_t k = after == session_.starts.begin() ? 0 : static_cast<size_t>(after - session_.starts.begin()) - 1;
    const SourceOrigin& o = origins_[k];
    if (!o.text) return s;
    uint32_t start = session_.starts[k];
    uint32_t limit = k + 1 < session_.starts.size() ? session_.starts[k + 1] : static_cast<uint32_t>(session_.text.size());
    auto to_origin = [&](uint32_t at) {
      uint32_t local = std::clamp(at, start, limit) - start;
      local = local > o.prefix ? local - o.prefix : 0;  // a place in the session's own wrapping: the statement's start
      return std::min<uint32_t>(o.offset + local, static_cast<uint32_t>(o.text->size()));
    };
    Span out{file_of_.at(o.text.get()), to_origin(s.begin), to_origin(std::max(s.end, s.begin))};
    if (out.begin == 0 && out.end == 0 && !o.text->empty()) out.end = 1;  // {0, 0} would read as "no place"
    return out;
  }

  // "expected `)` to close `(` opened at 37:5": the message quotes the label's old line and column.
  std::string follow(std::string message, Span from, Span to) const {
    auto old_lc = parse::char_line_col(sources_.file(from.file), from.begin);
    auto new_lc = parse::char_line_col(out_.file(to.file), to.begin);
    std::string was = fmt::format("at {}:{}", old_lc.line, old_lc.col);
    if (size_t at = message.find(was); at != std::string::npos)
      message.replace(at, was.size(), fmt::format("at {}:{}", new_lc.line, new_lc.col));
    return message;
  }

  const SourceMap& sources_;
  uint32_t session_file_;
  const SessionText& session_;
  const std::vector<SourceOrigin>& origins_;
  SourceMap out_;
  std::map<const std::string*, uint32_t> file_of_;  // one file per origin text
};

}  // namespace

std::string input_name(int n) { return fmt::format("<repl:{}>", n); }

SessionText join_statements(const std::vector<std::string>& statements) {
  SessionText out;
  for (const auto& s : statements) {
    out.starts.push_back(static_cast<uint32_t>(out.text.size()));
    out.text += s;
    if (!out.text.empty() && out.text.back() != '\n') out.text += '\n';
  }
  return out;
}

PlacedDiagnostics place_diagnostics(const Diagnostics& diags, size_t from, const SourceMap& sources,
                                    uint32_t session_file, const SessionText& session,
                                    const std::vector<SourceOrigin>& origins) {
  Placer placer(sources, session_file, session, origins);
  PlacedDiagnostics out;
  for (size_t i = from; i < diags.all().size(); ++i) out.diags.report(placer.place(diags.all()[i]));
  out.sources = placer.take_sources();
  return out;
}

}  // namespace xp::cli
