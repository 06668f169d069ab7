#pragma once
// The lexer's tokens for tools that work on the text itself — the formatter
// (`exp fmt`) and the language server — with the comments the parser never
// sees (the grammar skips them) put back in place. ANTLR stays behind this
// header: a token's kind is its grammar name ("ID", "NUMBER", "LPAREN", "SEED").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xp::parse {

struct LexedToken {
  std::string kind;     // the grammar's token name; "COMMENT" for a comment (its text starts with '#')
  std::string text;     // as written (valid UTF-8; bad bytes are U+FFFD)
  uint32_t begin = 0;   // byte offsets in the original text
  uint32_t end = 0;
};

// Every token of `source` in order — NL tokens included, whitespace left out,
// no EOF token. Never fails: a character the grammar does not know is an
// ERROR_CHAR token, an unterminated string an UNTERMINATED_STRING.
std::vector<LexedToken> lex_with_comments(std::string_view source);

// True for the statement and expression keywords (SEED … NOT).
bool is_keyword_kind(std::string_view kind);

}  // namespace xp::parse
