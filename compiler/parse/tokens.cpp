#include "compiler/parse/tokens.h"

#include <antlr4-runtime.h>

#include "ExpLexer.h"
#include "compiler/parse/source_text.h"

namespace xp::parse {
namespace {

// The text between two tokens is whitespace and comments only (strings are
// tokens), so a '#' there starts a comment that runs to the end of its line.
void comments_between(std::string_view source, uint32_t from, uint32_t to, std::vector<LexedToken>& out) {
  for (uint32_t at = from; at < to; ++at) {
    if (source[at] != '#') continue;
    uint32_t end = at;
    while (end < to && source[end] != '\n' && source[end] != '\r') ++end;
    out.push_back({"COMMENT", std::string(source.substr(at, end - at)), at, end});
    at = end;
  }
}

}  // namespace

std::vector<LexedToken> lex_with_comments(std::string_view source) {
  DecodedText text = decode_utf8(source);
  antlr4::ANTLRInputStream input(text.utf8);
  xpgen::ExpLexer lexer(&input);
  lexer.removeErrorListeners();
  const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
  std::vector<LexedToken> out;
  uint32_t previous_end = 0;
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    uint32_t begin = t->getType() == antlr4::Token::EOF ? static_cast<uint32_t>(source.size())
                                                          : text.byte_offset(t->getStartIndex());
    comments_between(source, previous_end, begin, out);
    if (t->getType() == antlr4::Token::EOF) return out;
    uint32_t end = text.byte_offset(t->getStopIndex() + 1);
    out.push_back({vocabulary.getSymbolicName(t->getType()), t->getText(), begin, end});
    previous_end = end;
  }
}

bool is_keyword_kind(std::string_view kind) {
  static const char* const kKeywords[] = {"SEED", "IMPORT", "DATA", "SPLIT", "HYPER", "MODEL", "PARAM",
                                          "RETURN", "TRAIN", "ON", "TUNE", "REPORT", "EVALUATE", "SAVE",
                                          "PRINT", "IF", "AND", "OR", "NOT"};
  for (const char* k : kKeywords)
    if (kind == k) return true;
  return false;
}

}  // namespace xp::parse
