#pragma once
// The pass between the lexer and the parser (see grammar/Exp.g4's header):
// decides which newlines are separators, matches brackets (reporting unclosed
// and stray ones, and inserting the missing closer so the parser never
// cascades), bounds nesting depth before ANTLR recurses, and turns lexer error
// tokens into diagnostics.
#include <cstdint>
#include <memory>
#include <vector>

#include "base/diagnostics.h"
#include "compiler/parse/source_text.h"

namespace antlr4 { class Token; }

namespace xp::parse {

// Nesting the parser may see: brackets plus pending prefix / right-associative
// operators (`- - x`, `a ^ b ^ c`), each of which costs ANTLR a stack frame or more.
inline constexpr size_t kMaxNesting = 256;

struct FilteredTokens {
  std::vector<std::unique_ptr<antlr4::Token>> tokens;  // ends with EOF
  std::vector<uint32_t> depth;   // per token: brackets open around it (closers: after closing)
  bool too_deep = false;         // nesting limit hit: the caller must not parse
  bool incomplete = false;       // input ended inside a bracket or after an operator (REPL: read more)
};

struct FilterContext {
  const SourceFile& source;
  const DecodedText& text;
  uint32_t file;
  Diagnostics& diags;
  bool report_unclosed_at_end = true;  // the REPL asks for more input instead
};

// `raw` is every token the lexer produced, EOF last.
FilteredTokens filter_tokens(std::vector<std::unique_ptr<antlr4::Token>> raw, const FilterContext& ctx);

}  // namespace xp::parse
