#pragma once
// Syntax errors, reworded and recovered from (panic mode).
//
// Reporting: ANTLR's own messages name grammar rules and token types; this
// strategy builds each diagnostic itself — tokens as users type them
// ("found `}`", "expected `=` or `~`"), plus a hint chosen by where the
// error happened.
//
// Recovery: after an error the parser skips to the next newline at the same
// or an outer bracket depth, or to the `}` closing the enclosing block, so a
// broken item loses only itself and the next item parses normally. Brackets
// are already balanced by the token filter, so skipping never runs away.
#include <antlr4-runtime.h>

#include <cstdint>
#include <vector>

#include "base/diagnostics.h"
#include "compiler/parse/source_text.h"

namespace xp::parse {

struct SyntaxContext {
  uint32_t file;
  const DecodedText& text;
  Diagnostics& diags;
  const std::vector<uint32_t>& depth;  // per token index, from the token filter
};

Span token_span(const antlr4::Token& tok, uint32_t file, const DecodedText& text);

class RecoveringStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit RecoveringStrategy(const SyntaxContext& ctx) : ctx_(ctx) {}
  size_t errors() const { return errors_; }
  // One diagnostic per line: what follows a first error on the same line is
  // usually its consequence (ANTLR leaves recovery mode after any match).
  void begin_line() { reported_in_line_ = false; }

  void recover(antlr4::Parser* parser, std::exception_ptr e) override;

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;

 private:
  void report(antlr4::Parser* parser, antlr4::Token* found, const antlr4::misc::IntervalSet& expected, size_t rule);

  const SyntaxContext& ctx_;
  size_t errors_ = 0;
  bool reported_in_line_ = false;
};

// Catches anything ANTLR reports outside the strategy, in the same words.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit SyntaxErrorListener(const SyntaxContext& ctx) : ctx_(ctx) {}
  size_t errors() const { return errors_; }
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t col,
                   const std::string& msg, std::exception_ptr e) override;

 private:
  const SyntaxContext& ctx_;
  size_t errors_ = 0;
};

}  // namespace xp::parse
