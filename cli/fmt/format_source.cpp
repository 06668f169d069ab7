#include "cli/fmt/format_source.h"

#include <algorithm>
#include <vector>

#include "cli/terminal.h"
#include "compiler/parse/tokens.h"

namespace xp::cli {
namespace {

using parse::LexedToken;

struct FmtLine {
  std::vector<const LexedToken*> code;  // the line's tokens, without its comment
  const LexedToken* comment = nullptr;  // a trailing comment, or the whole line's
  int level = 0;
  bool continuation = false;            // continues a statement ended by an operator above
  std::string text;                     // the code, spaced
  std::vector<size_t> starts;           // where each code token starts in `text`

  bool blank() const { return code.empty() && comment == nullptr; }
};

bool kind_in(const LexedToken* t, std::initializer_list<std::string_view> kinds) {
  return t != nullptr && std::find(kinds.begin(), kinds.end(), t->kind) != kinds.end();
}

bool is_opener(const LexedToken* t) { return kind_in(t, {"LPAREN", "LBRACK", "LBRACE"}); }
bool is_closer(const LexedToken* t) { return kind_in(t, {"RPAREN", "RBRACK", "RBRACE"}); }
bool is_assign(const LexedToken* t) {
  return kind_in(t, {"ASSIGN", "TILDE", "PLUS_ASSIGN", "MINUS_ASSIGN", "STAR_ASSIGN", "SLASH_ASSIGN"});
}
bool is_binary_operator(const LexedToken* t) {
  return is_assign(t) || kind_in(t, {"EQ", "NE", "LE", "GE", "LT", "GT", "PLUS", "MINUS", "STAR", "SLASH", "AT",
                                     "CARET", "ARROW", "AND", "OR", "NOT"});
}

std::vector<FmtLine> split_lines(const std::vector<LexedToken>& tokens) {
  std::vector<FmtLine> lines(1);
  for (const auto& t : tokens) {
    if (t.kind == "NL") lines.emplace_back();
    else if (t.kind == "COMMENT") lines.back().comment = &t;
    else lines.back().code.push_back(&t);
  }
  return lines;
}

// A keyword after `.` is a name (`iris.train`), as the grammar's `name` rule says.
bool is_name(const FmtLine& line, size_t i) {
  const LexedToken* t = line.code[i];
  if (t->kind == "ID") return true;
  return parse::is_keyword_kind(t->kind) && i > 0 && line.code[i - 1]->kind == "DOT";
}

bool is_unary_minus(const FmtLine& line, size_t i) {
  if (line.code[i]->kind != "MINUS") return false;
  if (i == 0) return true;
  const LexedToken* p = line.code[i - 1];
  if (kind_in(p, {"LPAREN", "LBRACK", "LBRACE", "COMMA", "COLON"}) || is_binary_operator(p)) return true;
  return parse::is_keyword_kind(p->kind) && !is_name(line, i - 1);
}

bool space_before(const FmtLine& line, size_t i) {
  const LexedToken* p = line.code[i - 1];
  const LexedToken* c = line.code[i];
  if (kind_in(p, {"LPAREN", "LBRACK", "DOT"})) return false;
  if (kind_in(c, {"RPAREN", "RBRACK", "COMMA", "COLON", "DOT"})) return false;
  if (is_unary_minus(line, i - 1)) return false;
  if (kind_in(c, {"LPAREN", "LBRACK"})) return !(is_name(line, i - 1) || kind_in(p, {"RPAREN", "RBRACK"}));
  if (c->kind == "RBRACE") return p->kind != "LBRACE";
  return true;
}

void space_tokens(FmtLine& line) {
  for (size_t i = 0; i < line.code.size(); ++i) {
    if (i > 0 && space_before(line, i)) line.text += ' ';
    line.starts.push_back(line.text.size());
    line.text += line.code[i]->text;
  }
}

// Levels from the brackets open before each line: every bracket remembers
// the level of the line that opened it.
void indent_lines(std::vector<FmtLine>& lines) {
  std::vector<int> open;
  bool continues = false;
  for (auto& line : lines) {
    if (line.code.empty()) {
      line.level = open.empty() ? 0 : open.back() + 1;
      continue;
    }
    size_t leading_closers = 0;
    while (leading_closers < line.code.size() && is_closer(line.code[leading_closers])) ++leading_closers;
    if (leading_closers > 0 && leading_closers <= open.size()) {
      line.level = open[open.size() - leading_closers];
    } else {
      line.level = open.empty() ? 0 : open.back() + 1;
      line.continuation = continues;
      if (continues) ++line.level;
    }
    for (const LexedToken* t : line.code) {
      if (is_opener(t)) open.push_back(line.level);
      else if (is_closer(t) && !open.empty()) open.pop_back();
    }
    continues = is_binary_operator(line.code.back()) || line.code.back()->kind == "ARROW";
  }
}

// The token of a line that lines up with its neighbours' (`hyper lr ~`,
// `param W: [F] ~`, `loss = …`), or npos.
size_t align_token(const FmtLine& line) {
  if (line.code.empty() || line.continuation || is_closer(line.code.front())) return std::string::npos;
  const std::string& first = line.code.front()->kind;
  if (first == "ID") return line.code.size() > 1 && is_assign(line.code[1]) ? 1 : std::string::npos;
  if (first != "HYPER" && first != "PARAM" && first != "DATA") return std::string::npos;
  int depth = 0;
  for (size_t i = 1; i < line.code.size(); ++i) {
    if (is_opener(line.code[i])) ++depth;
    else if (is_closer(line.code[i])) --depth;
    else if (depth == 0 && is_assign(line.code[i])) return i;
  }
  return std::string::npos;
}

void align_operators(std::vector<FmtLine>& lines) {
  size_t i = 0;
  while (i < lines.size()) {
    size_t at = align_token(lines[i]);
    if (at == std::string::npos) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < lines.size() && align_token(lines[end]) != std::string::npos && lines[end].level == lines[i].level &&
           lines[end].code.front()->kind == lines[i].code.front()->kind)
      ++end;
    size_t column = 0;
    for (size_t k = i; k < end; ++k)
      column = std::max(column, display_width(lines[k].text.substr(0, lines[k].starts[align_token(lines[k])])));
    for (size_t k = i; k < end; ++k) {
      size_t start = lines[k].starts[align_token(lines[k])];
      size_t width = display_width(lines[k].text.substr(0, start));
      lines[k].text.insert(start, column - width, ' ');
    }
    i = end;
  }
}

std::string trimmed_comment(const LexedToken* c) {
  std::string text = c->text;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\f')) text.pop_back();
  return text;
}

// Trailing comments of a paragraph start in one column.
std::string render_lines(const std::vector<FmtLine>& lines) {
  std::string out;
  size_t i = 0;
  bool pending_blank = false;
  while (i < lines.size()) {
    if (lines[i].blank()) {
      pending_blank = !out.empty();
      ++i;
      continue;
    }
    size_t end = i;
    size_t column = 0;
    for (; end < lines.size() && !lines[end].blank(); ++end)
      if (!lines[end].code.empty() && lines[end].comment)
        column = std::max(column, 2 * static_cast<size_t>(lines[end].level) + display_width(lines[end].text) + 2);
    if (pending_blank) out += "\n";
    pending_blank = false;
    for (size_t k = i; k < end; ++k) {
      const FmtLine& line = lines[k];
      std::string text(2 * static_cast<size_t>(line.level), ' ');
      text += line.text;
      if (line.comment) {
        if (!line.code.empty()) text += std::string(column - display_width(text), ' ');
        text += trimmed_comment(line.comment);
      }
      out += text + "\n";
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string format_source(std::string_view source) {
  std::vector<LexedToken> tokens = parse::lex_with_comments(source);
  std::vector<FmtLine> lines = split_lines(tokens);
  indent_lines(lines);
  for (auto& line : lines) space_tokens(line);
  align_operators(lines);
  return render_lines(lines);
}

}  // namespace xp::cli
