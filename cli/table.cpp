#include "cli/table.h"

#include <algorithm>

#include "stdlib/printable.h"


namespace xp::cli {
namespace {

std::string pad(const std::string& cell, size_t width, Table::Align align) {
  size_t w = display_width(cell);
  std::string fill(width > w ? width - w : 0, ' ');
  return align == Table::Align::Left ? cell + fill : fill + cell;
}

void trim_right(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

}  // namespace

void Table::row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (auto& c : cells) c = stdlib::printable(c);  // cells quote data: names, labels, reasons
  rows_.push_back(std::move(cells));
}

std::string Table::render(int indent, const Style& style) const {
  std::vector<size_t> widths(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) {
    widths[c] = display_width(columns_[c].title);
    for (const auto& r : rows_) widths[c] = std::max(widths[c], display_width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out(static_cast<size_t>(indent), ' ');
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c) out += "  ";
      out += pad(cells[c], widths[c], columns_[c].align);
    }
    trim_right(out);
    return out + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& col : columns_) titles.push_back(col.title);
  std::string header = line(titles);
  if (style.on) {
    header.pop_back();
    std::string body = header.substr(static_cast<size_t>(indent));
    header = std::string(static_cast<size_t>(indent), ' ') + style.bold(body) + "\n";
  }
  std::string out = header;
  for (const auto& r : rows_) out += line(r);
  return out;
}

}  // namespace xp::cli
