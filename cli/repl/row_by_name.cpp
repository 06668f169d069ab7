#include "cli/repl/row_by_name.h"

#include <algorithm>
#include <cctype>

namespace xp::cli {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The items between the braces, split at commas outside quotes.
std::optional<std::vector<std::string_view>> row_items(std::string_view body, std::string& why) {
  std::vector<std::string_view> items;
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') quoted = !quoted;
    else if (body[i] == ',' && !quoted) {
      items.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quoted) {
    why = "a text value's closing quote is missing";
    return std::nullopt;
  }
  items.push_back(body.substr(start));
  return items;
}

}  // namespace

std::optional<std::vector<NamedCell>> parse_named_row(std::string_view text, std::string& why) {
  text = trimmed(text);
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    why = "a row by name is written in braces";
    return std::nullopt;
  }
  auto items = row_items(text.substr(1, text.size() - 2), why);
  if (!items) return std::nullopt;
  std::vector<NamedCell> out;
  for (std::string_view item : *items) {
    item = trimmed(item);
    if (item.empty() && items->size() == 1) break;  // {}
    auto colon = item.find(':');
    if (colon == std::string_view::npos) {
      why = "each value needs its column's name: `column: value`";
      return std::nullopt;
    }
    NamedCell cell;
    std::string_view name = trimmed(item.substr(0, colon)), value = trimmed(item.substr(colon + 1));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);  // "sepal length": 5
    if (name.empty() || value.empty()) {
      why = name.empty() ? "a value has no column name" : "column `" + std::string(name) + "` has no value";
      return std::nullopt;
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    cell.column = name;
    cell.value = value;
    if (std::any_of(out.begin(), out.end(), [&cell](const NamedCell& c) { return c.column == cell.column; })) {
      why = "column `" + cell.column + "` is given twice";
      return std::nullopt;
    }
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace xp::cli
