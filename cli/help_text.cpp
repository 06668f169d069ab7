#include "cli/help_text.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "stdlib/builtins.h"

namespace xp::cli {
namespace {

using stdlib::Category;

constexpr int kLastCategory = static_cast<int>(Category::Preprocess);

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string category_listing(Category cat, bool with_docs) {
  std::string out;
  for (const auto& b : stdlib::all()) {
    if (b.category != cat) continue;
    if (with_docs) out += fmt::format("  {:<28} {}\n", b.signature, b.doc);
    else out += (out.empty() ? "" : ", ") + std::string(b.name);
  }
  return out;
}

}  // namespace

std::string help_overview() {
  std::string out = "Built-ins by category (`exp help NAME` for one, `exp help CATEGORY` for a list with docs):\n\n";
  for (int c = 0; c <= kLastCategory; ++c) {
    auto cat = static_cast<Category>(c);
    out += fmt::format("  {}\n    {}\n", stdlib::category_name(cat), category_listing(cat, false));
  }
  return out;
}

std::optional<std::string> help_entry(std::string_view name) {
  for (int c = 0; c <= kLastCategory; ++c) {
    auto cat = static_cast<Category>(c);
    if (stdlib::category_name(cat) == name) return fmt::format("{}:\n{}", name, category_listing(cat, true));
  }
  std::string out;
  for (const auto& b : stdlib::all()) {
    if (b.name != name) continue;
    out += fmt::format("{}  ({})\n  {}\n", b.signature, stdlib::category_name(b.category), b.doc);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string closest_builtin(std::string_view name) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& b : stdlib::all()) {
    size_t d = edit_distance(name, b.name);
    if (d < best_d) best_d = d, best = std::string(b.name);
  }
  return best;
}

}  // namespace xp::cli
