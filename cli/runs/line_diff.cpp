#include "cli/runs/line_diff.h"

#include <algorithm>

#include <fmt/format.h>

namespace xp::cli {
namespace {

std::vector<std::string> diff_lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    at = end + 1;
  }
  return lines;
}

struct Edit {
  char kind;       // ' ', '-', '+'
  size_t a, b;     // line indexes (0-based) in a and b at this edit
};

std::vector<Edit> lcs_edits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Edit> edits;
  if (a.size() > kMaxDiffLines || b.size() > kMaxDiffLines) {
    for (size_t i = 0; i < a.size(); ++i) edits.push_back({'-', i, 0});
    for (size_t j = 0; j < b.size(); ++j) edits.push_back({'+', a.size(), j});
    return edits;
  }
  // suffix[i][j]: the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<unsigned>> suffix(a.size() + 1, std::vector<unsigned>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      suffix[i][j] = a[i] == b[j] ? suffix[i + 1][j + 1] + 1 : std::max(suffix[i + 1][j], suffix[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      edits.push_back({' ', i++, j++});
    } else if (j < b.size() && (i == a.size() || suffix[i][j + 1] > suffix[i + 1][j])) {
      edits.push_back({'+', i, j++});
    } else {
      edits.push_back({'-', i++, j});  // on a tie, the removed line first, as diff -u
    }
  }
  return edits;
}

}  // namespace

std::vector<std::string> unified_line_diff(const std::string& a_text, const std::string& b_text, int context) {
  auto a = diff_lines_of(a_text), b = diff_lines_of(b_text);
  auto edits = lcs_edits(a, b);
  std::vector<std::string> out;
  std::vector<size_t> changes;
  for (size_t k = 0; k < edits.size(); ++k)
    if (edits[k].kind != ' ') changes.push_back(k);
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  for (size_t c = 0; c < changes.size();) {
    // One hunk: changes at most 2·context unchanged lines apart, with context around them.
    size_t last = c;
    while (last + 1 < changes.size() && changes[last + 1] - changes[last] - 1 <= 2 * ctx) ++last;
    size_t start = changes[c] >= ctx ? changes[c] - ctx : 0;
    size_t end = std::min(edits.size(), changes[last] + 1 + ctx);
    size_t a_count = 0, b_count = 0;
    for (size_t t = start; t < end; ++t) {
      if (edits[t].kind != '+') ++a_count;
      if (edits[t].kind != '-') ++b_count;
    }
    // As diff -u: a range of no lines names the line before it.
    size_t a_start = edits[start].a + (a_count ? 1 : 0), b_start = edits[start].b + (b_count ? 1 : 0);
    out.push_back(fmt::format("@@ -{},{} +{},{} @@", a_start, a_count, b_start, b_count));
    for (size_t t = start; t < end; ++t) {
      const Edit& e = edits[t];
      out.push_back(std::string(1, e.kind) + (e.kind == '+' ? b[e.b] : a[e.a]));
    }
    c = last + 1;
  }
  return out;
}

}  // namespace xp::cli
