#include "compiler/parse/error_strategy.h"

#include <fmt/format.h>

#include "ExpParser.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::parse {
namespace {

using P = xpgen::ExpParser;

bool is_keyword(size_t t) { return t >= P::SEED && t <= P::NOT; }
// Reserved words; the other keywords also serve as names (see `name` in Exp.g4).
bool is_reserved(size_t t) { return t == P::RETURN || t == P::IF || t == P::ON || t == P::AND || t == P::OR || t == P::NOT; }
bool is_operator(size_t t) {
  return (t >= P::EQ && t <= P::CARET) || t == P::AND || t == P::OR || t == P::DOT || t == P::IF ||
         (t >= P::PLUS_ASSIGN && t <= P::SLASH_ASSIGN);
}
bool starts_expression(size_t t) {
  return t == P::ID || t == P::NUMBER || t == P::STRING || t == P::LPAREN || t == P::LBRACK || t == P::MINUS ||
         t == P::NOT;
}

// As the user would type it: `=`, `model`, ...
std::string literal(const antlr4::dfa::Vocabulary& vocab, size_t t) {
  std::string lit = vocab.getLiteralName(t);
  if (lit.size() >= 2 && lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
  return "`" + lit + "`";
}

std::string shorten(std::string text, size_t max = 24) {
  if (text.size() > max) text = text.substr(0, max) + "…";
  return text;
}

std::string describe_found(const antlr4::Token& tok) {
  size_t t = tok.getType();
  if (t == antlr4::Token::EOF) return "end of file";
  if (t == P::NL) return "end of line";
  if (t == P::NUMBER) return fmt::format("number `{}`", shorten(tok.getText()));
  if (t == P::STRING) return fmt::format("string `{}`", shorten(tok.getText()));
  if (t == P::ID) return fmt::format("`{}`", shorten(tok.getText()));
  if (is_keyword(t)) return fmt::format("keyword `{}`", tok.getText());
  return fmt::format("`{}`", shorten(tok.getText()));
}

// "`=` or `~`", "an expression", "end of line" — or "" when the list would
// be too long to help.
std::string describe_expected(const antlr4::misc::IntervalSet& set, const antlr4::dfa::Vocabulary& vocab) {
  std::vector<size_t> types;
  for (auto t : set.toList()) types.push_back(static_cast<size_t>(t));
  auto has = [&](size_t t) { return std::find(types.begin(), types.end(), t) != types.end(); };
  std::vector<std::string> parts;
  bool expression = has(P::NUMBER) && has(P::ID);
  bool only_operators = std::all_of(types.begin(), types.end(), [](size_t t) { return is_operator(t); });
  if (expression) parts.push_back("an expression");
  else if (has(P::ID)) parts.push_back("a name");
  bool line_end = has(P::NL) || has(static_cast<size_t>(antlr4::Token::EOF));
  for (size_t t : types) {
    if (t == P::NL || t == antlr4::Token::EOF || t == P::ID) continue;
    if (has(P::ID) && is_keyword(t) && !is_reserved(t)) continue;  // a soft keyword: already "a name"
    if (expression && starts_expression(t)) continue;
    if (is_operator(t) && !only_operators) continue;  // continuations are noise next to the real choices
    parts.push_back(literal(vocab, t));
  }
  if (line_end) parts.push_back("end of line");
  if (parts.empty() || parts.size() > 5) return "";
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += (i + 1 == parts.size() ? " or " : ", ") + parts[i];
  return out;
}

// A hint chosen by the rule the parser was in.
std::string help_for(size_t rule, const antlr4::Token& found, const antlr4::misc::IntervalSet& expected) {
  if (is_reserved(found.getType()) && expected.contains(static_cast<size_t>(P::ID)))
    return fmt::format("`{}` is a keyword and cannot be used as a name", found.getText());
  switch (rule) {
    case P::RuleHyperDecl:
      return "declare a searched hyperparameter with `hyper NAME ~ SPACE` or a fixed one with `hyper NAME = VALUE`";
    case P::RuleModelInputs: case P::RuleModelInput:
      return "model inputs look like `x: [F]` (a tensor) or `units: int` (an integer)";
    case P::RuleShape:
      return "a shape lists its dimensions in brackets: `[F, hidden]`";
    case P::RuleBlock: case P::RuleModelItem:
      return "a model holds `param NAME: [shape] ~ init`, `NAME = value`, `hyper ...` and `return value`, one per line";
    case P::RuleItemBlock: case P::RuleBlockItem:
      return "block items look like `epochs = 200`, `test: accuracy, f1`, `hypers` or `stop_early(patience: 5)`, one per line";
    case P::RuleArgBlock: case P::RuleNamedArg:
      return "options look like `train: 0.6`, separated by commas or new lines";
    case P::RuleArgs: case P::RuleArg:
      return "arguments are separated by commas; named arguments look like `name: value`";
    case P::RuleLine:
      if (expected.contains(static_cast<size_t>(P::NL))) return "put each statement on its own line";
      return "";
    case P::RuleStatement:
      return "a statement starts with `data`, `split`, `hyper`, `model`, `train`, `tune`, `report`, `print`, ... or is an expression";
    default:
      return "";
  }
}

}  // namespace

Span token_span(const antlr4::Token& tok, uint32_t file, const DecodedText& text) {
  uint32_t begin = text.byte_offset(tok.getStartIndex());
  if (tok.getType() == antlr4::Token::EOF) begin = text.cp_to_byte.back();
  size_t stop = tok.getStopIndex();
  bool has_width = tok.getType() != antlr4::Token::EOF && stop != INVALID_INDEX && stop + 1 > tok.getStartIndex();
  uint32_t end = has_width ? text.byte_offset(stop + 1) : begin;
  return {file, begin, end};
}

void RecoveringStrategy::report(antlr4::Parser* parser, antlr4::Token* found, const antlr4::misc::IntervalSet& expected,
                                size_t rule) {
  ++errors_;
  Span at = token_span(*found, ctx_.file, ctx_.text);
  bool synthetic = found->getType() != antlr4::Token::EOF && at.begin == at.end;
  if (synthetic || reported_in_line_) return;  // an inserted closer was already reported as unclosed
  reported_in_line_ = true;
  if (found->getType() == antlr4::Token::EOF) {
    // The end of the file lies below the last line; point where the missing piece belongs
    // instead: at the end of the last line (its newline), or just after the last token.
    antlr4::Token* prev = parser->getTokenStream()->LT(-1);
    if (prev && prev->getStartIndex() < ctx_.text.cp_to_byte.size()) {
      Span p = token_span(*prev, ctx_.file, ctx_.text);
      uint32_t pos = prev->getType() == P::NL ? p.begin : p.end;
      at = {ctx_.file, pos, pos};
    }
  }
  ctx_.diags.report(diag::unexpected_token(at, describe_expected(expected, parser->getVocabulary()),
                                           describe_found(*found), help_for(rule, *found, expected)));
}

void RecoveringStrategy::reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) {
  auto* ctx = e.getCtx();
  report(parser, e.getOffendingToken(), e.getExpectedTokens(), ctx ? ctx->getRuleIndex() : static_cast<size_t>(P::RuleStatement));
}

void RecoveringStrategy::reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) {
  auto* ctx = e.getCtx();
  report(parser, e.getOffendingToken(), e.getExpectedTokens(), ctx ? ctx->getRuleIndex() : static_cast<size_t>(P::RuleStatement));
}

void RecoveringStrategy::reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) {
  auto* ctx = e.getCtx();
  report(parser, e.getOffendingToken(), {}, ctx ? ctx->getRuleIndex() : static_cast<size_t>(P::RuleStatement));
}

void RecoveringStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), getExpectedTokens(parser), parser->getContext()->getRuleIndex());
}

void RecoveringStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), getExpectedTokens(parser), parser->getContext()->getRuleIndex());
}

void RecoveringStrategy::recover(antlr4::Parser* parser, std::exception_ptr) {
  antlr4::TokenStream* in = parser->getTokenStream();
  auto depth_at = [&](size_t i) { return i < ctx_.depth.size() ? ctx_.depth[i] : 0u; };
  size_t here = in->index();
  size_t first = in->LA(1);
  bool at_closer = first == P::RPAREN || first == P::RBRACK || first == P::RBRACE;
  uint32_t depth = depth_at(here) + (at_closer ? 1 : 0);
  for (;;) {
    size_t t = in->LA(1);
    size_t i = in->index();
    if (t == antlr4::Token::EOF) break;
    if (t == P::NL && depth_at(i) <= depth) break;
    if (t == P::RBRACE && depth_at(i) < depth) break;
    parser->consume();
  }
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t, size_t,
                                      const std::string&, std::exception_ptr) {
  ++errors_;
  if (!offending) return;
  ctx_.diags.report(diag::unexpected_token(token_span(*offending, ctx_.file, ctx_.text), "",
                                           describe_found(*offending), ""));
}

}  // namespace xp::parse
