#pragma once
// Aligned text tables for the console: a header row, columns padded to the
// widest cell (by display width, so UTF-8 and ANSI styles line up), numbers
// right-aligned.
#include <string>
#include <vector>

#include "cli/terminal.h"

namespace xp::cli {

class Table {
 public:
  enum class Align { Left, Right };
  struct Column { std::string title; Align align = Align::Left; };

  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void row(std::vector<std::string> cells);   // missing trailing cells are blank
  bool empty() const { return rows_.empty(); }
  // Every line starts with `indent` spaces; columns are separated by two spaces;
  // trailing spaces are trimmed. The header is bold when `style` is on.
  std::string render(int indent = 2, const Style& style = {}) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace xp::cli
