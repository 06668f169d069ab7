#include "cli/help_text.h"

#include <vector>

#include <fmt/format.h>

#include "base/suggest.h"
#include "compiler/imports.h"
#include "stdlib/builtins.h"

namespace xp::cli {
namespace {

using stdlib::Category;

constexpr int kLastCategory = static_cast<int>(Category::Preprocess);

std::string category_listing(Category cat, bool with_docs) {
  std::string out;
  for (const auto& b : stdlib::all()) {
    if (b.category != cat) continue;
    if (with_docs) out += fmt::format("  {:<28} {}\n", stdlib::signature(b), b.doc);
    else out += (out.empty() ? "" : ", ") + std::string(b.name);
  }
  return out;
}

// One line per documented argument: what it is, what it takes, its default.
std::string argument_lines(const stdlib::Builtin& b) {
  std::string out;
  for (const auto& a : b.args) {
    if (a.doc.empty()) continue;
    bool bounded = a.type == stdlib::ArgType::Number || a.type == stdlib::ArgType::Int ||
                   a.type == stdlib::ArgType::Bool || a.type == stdlib::ArgType::Word;
    out += fmt::format("    {:<14} {}{}\n", a.name, a.doc, bounded ? fmt::format(" ({})", a.range_text()) : "");
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
    out += fmt::format("{}  ({})\n  {}\n", stdlib::signature(b), stdlib::category_name(b.category), b.doc);
    out += argument_lines(b);
  }
  if (!out.empty()) return out;
  // One word of a category's name, when no other category has it: `exp help
  // tuning` for "tuning methods", `exp help math` for "scalar math".
  std::optional<Category> by_word;
  for (int c = 0; c <= kLastCategory; ++c) {
    auto cat = static_cast<Category>(c);
    std::string_view full = stdlib::category_name(cat);
    for (size_t at = 0; at <= full.size();) {
      size_t end = std::min(full.find(' ', at), full.size());
      if (full.substr(at, end - at) == name) {
        if (by_word && *by_word != cat) return std::nullopt;  // ambiguous ("data"): the caller suggests
        by_word = cat;
      }
      at = end + 1;
    }
  }
  if (by_word) return fmt::format("{}:\n{}", stdlib::category_name(*by_word), category_listing(*by_word, true));
  // A model of a standard module (`exp help mlp`), written in .exp itself.
  if (auto m = std_model_doc(name))
    return fmt::format("{}  (a model of {}: `import {}`)\n  {}\n", m->signature, m->module, m->module, m->doc);
  return std::nullopt;
}

std::string closest_builtin(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& b : stdlib::all()) names.emplace_back(b.name);
  for (int c = 0; c <= kLastCategory; ++c) names.emplace_back(stdlib::category_name(static_cast<Category>(c)));
  return xp::closest(name, names).value_or("");
}

}  // namespace xp::cli
