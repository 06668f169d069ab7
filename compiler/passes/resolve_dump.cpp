#include "compiler/passes/resolve_dump.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace xp {

const char* kind_name(Symbol::Kind kind) {
  switch (kind) {
    case Symbol::Kind::Hyper: return "hyper";
    case Symbol::Kind::Data: return "data";
    case Symbol::Kind::SplitPart: return "split";
    case Symbol::Kind::Model: return "model";
    case Symbol::Kind::Param: return "param";
    case Symbol::Kind::Input: return "input";
    case Symbol::Kind::Local: return "local";
    case Symbol::Kind::Batch: return "batch";
    case Symbol::Kind::DimSymbol: return "dimension";
    case Symbol::Kind::Builtin: return "builtin";
    case Symbol::Kind::Metric: return "metric";
  }
  return "?";
}

std::string dump_resolution(const ast::Program& program, const Resolution& resolution, const SourceMap& sources) {
  std::vector<std::pair<ast::ExprId, const Symbol*>> refs;
  for (const auto& [id, s] : resolution.refs) refs.emplace_back(id, &s);
  std::sort(refs.begin(), refs.end(), [&](auto& a, auto& b) {
    const Span &x = program.expr(a.first).span, &y = program.expr(b.first).span;
    return std::tie(x.file, x.begin, x.end) < std::tie(y.file, y.begin, y.end);
  });
  std::string out;
  for (auto [id, s] : refs) {
    const Span& span = program.expr(id).span;
    std::string where = "?";
    std::string text;
    if (span.file < sources.size()) {
      const auto& f = sources.file(span.file);
      auto lc = f.line_col(span.begin);
      where = fmt::format("{}:{}", lc.line, lc.col);
      if (span.end <= f.text.size()) text = f.text.substr(span.begin, span.end - span.begin);
    }
    std::string detail = s->kind == Symbol::Kind::Builtin ? fmt::format(" ({})", s->owner)
                         : s->index >= 0 && (s->kind == Symbol::Kind::Param || s->kind == Symbol::Kind::Input)
                             ? fmt::format(" (#{})", s->index) : "";
    out += fmt::format("{:<8} {:<16} → {} {}{}\n", where, text, kind_name(s->kind), s->name, detail);
  }
  return out;
}

}  // namespace xp
