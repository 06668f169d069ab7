#include "cli/repl/statements.h"

#include <array>
#include <cctype>

#include "compiler/parse_program.h"

namespace xp::cli {
namespace {

constexpr std::array<std::string_view, 12> kStatementWords = {
    "seed", "import", "data", "split", "hyper", "model", "train", "tune", "report", "evaluate", "save", "print"};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Skips blanks and whole comment lines.
size_t skip_space_and_comments(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    else if (s[i] == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else break;
  }
  return i;
}

std::string_view word_at(std::string_view s, size_t& i) {
  size_t start = i;
  if (i < s.size() && ident_start(s[i]))
    while (i < s.size() && ident_char(s[i])) ++i;
  return s.substr(start, i - start);
}

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

}  // namespace

bool StatementKey::runs() const {
  return kind == "train" || kind == "tune" || kind == "report" || kind == "evaluate" || kind == "save" || kind == "print";
}

StatementKey classify(std::string_view text) {
  size_t i = skip_space_and_comments(text, 0);
  std::string_view first = word_at(text, i);
  if (first.empty()) return {};
  size_t j = skip_blanks(text, i);
  char next = j < text.size() ? text[j] : '\0';
  bool keyword = false;
  for (auto w : kStatementWords) keyword = keyword || w == first;
  if (keyword) {
    // `iris.train`, `train(…)`, `data = …` use the word as a name: expressions.
    bool followed = j > i && next != '\0' && next != '.' && next != '(' && next != '[' && next != '=' && next != ',';
    if (!followed && !(first == "tune" && next == '{')) return {};
    size_t k = j;
    std::string name(word_at(text, k));
    std::string kind(first);
    if (kind == "train" || kind == "tune" || kind == "report" || kind == "split" || kind == "data" || kind == "hyper" ||
        kind == "model")
      return {kind, name.empty() && kind == "tune" ? "(black box)" : name};
    if (kind == "seed") return {kind, "seed"};
    return {kind, ""};
  }
  // `standardize iris`, `onehot iris.color`: a word, blanks, then a name.
  if (j > i && ident_start(next)) {
    size_t k = j;
    std::string target(word_at(text, k));
    while (k < text.size() && (text[k] == '.' || ident_char(text[k]))) target += text[k++];
    return {"preprocess", std::string(first) + " " + target};
  }
  return {};
}

bool awaits_block(std::string_view text) {
  size_t i = skip_space_and_comments(text, 0);
  size_t after = i;
  std::string_view first = word_at(text, after);
  bool lone_tune = first == "tune" && skip_space_and_comments(text, after) == text.size();  // `tune` then `{` below
  std::string kind = lone_tune ? "tune" : classify(text).kind;
  if (kind != "model" && kind != "train" && kind != "tune" && kind != "report" && kind != "split") return false;
  size_t last_line = text.rfind('\n');
  if (last_line != std::string_view::npos && text.find_first_not_of(" \t\r", last_line + 1) == std::string_view::npos)
    return false;  // an empty line: the user is not going to type the block
  bool in_string = false;
  for (size_t k = i; k < text.size(); ++k) {
    char c = text[k];
    if (in_string) {
      if (c == '\\') ++k;
      else if (c == '"' || c == '\n') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      while (k < text.size() && text[k] != '\n') ++k;
    } else if (c == '{') {
      return false;  // the block has begun: open brackets are is_incomplete_input's business
    }
  }
  return true;
}

std::string trim(std::string_view text) {
  const size_t a = text.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  return std::string(text.substr(a, text.find_last_not_of(" \t\r\n") - a + 1));
}

bool is_blank_or_comment(std::string_view text) { return skip_space_and_comments(text, 0) == text.size(); }

std::vector<ScriptStatement> split_statements(std::string_view text) {
  std::vector<ScriptStatement> out;
  std::string current, comments;
  uint32_t current_at = 0, comments_at = 0;  // where each begins in `text`
  auto flush = [&] {
    if (current.find_first_not_of(" \t\n") != std::string::npos) out.push_back({current, current_at});
    current.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    auto line_at = static_cast<uint32_t>(pos);
    pos = end + 1;
    size_t first = line.find_first_not_of(" \t\r");
    bool blank = first == std::string::npos;
    bool comment = !blank && line[first] == '#';
    bool continues = !current.empty() && (is_incomplete_input(current) || (!blank && line[first] == '{'));
    if (continues) {
      current += line + "\n";
    } else if (blank || comment) {
      flush();
      if (comment) {
        if (comments.empty()) comments_at = line_at;
        comments += line + "\n";
      } else {
        comments.clear();  // a blank line detaches a comment from what follows
      }
    } else {
      flush();
      current_at = comments.empty() ? line_at : comments_at;
      current = comments + line + "\n";
      comments.clear();
    }
    if (end == text.size()) break;
  }
  flush();
  return out;
}

}  // namespace xp::cli
