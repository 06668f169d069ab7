#include "compiler/parse/token_filter.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "ExpLexer.h"
#include "compiler/parse/syntax_errors.h"

namespace xp::parse {
namespace {

using L = xpgen::ExpLexer;
using TokenPtr = std::unique_ptr<antlr4::Token>;

bool is_opener(size_t t) { return t == L::LPAREN || t == L::LBRACK || t == L::LBRACE; }
bool is_closer(size_t t) { return t == L::RPAREN || t == L::RBRACK || t == L::RBRACE; }
size_t closer_of(size_t opener) {
  return opener == L::LPAREN ? L::RPAREN : opener == L::LBRACK ? L::RBRACK : L::RBRACE;
}
char closer_char(size_t closer) { return closer == L::RPAREN ? ')' : closer == L::RBRACK ? ']' : '}'; }

// A line break after one of these never ends a statement: `loss = a +` ↵ `b`.
bool continues_line(size_t t) {
  switch (t) {
    case L::COMMA: case L::DOT: case L::COLON: case L::ARROW: case L::TILDE: case L::ASSIGN:
    case L::PLUS_ASSIGN: case L::MINUS_ASSIGN: case L::STAR_ASSIGN: case L::SLASH_ASSIGN:
    case L::EQ: case L::NE: case L::LE: case L::GE: case L::LT: case L::GT:
    case L::PLUS: case L::MINUS: case L::STAR: case L::SLASH: case L::AT: case L::CARET:
    case L::AND: case L::OR: case L::NOT: case L::IF: case L::ON:
    case L::LPAREN: case L::LBRACK: case L::LBRACE:
      return true;
    default:
      return false;
  }
}

// Ends an operand, so a following `-` is binary.
bool ends_operand(size_t t) {
  return t == L::ID || t == L::NUMBER || t == L::STRING || t == L::RPAREN || t == L::RBRACK;
}

// Statements that only exist at the top level: one of these at column 1
// while a bracket is open means the bracket was never closed.
bool starts_top_level_only(size_t t) {
  return t == L::SEED || t == L::IMPORT || t == L::DATA || t == L::SPLIT || t == L::MODEL ||
         t == L::TRAIN || t == L::TUNE || t == L::REPORT || t == L::EVALUATE;
}

// Binding strength of what an operator leaves pending (grammar/Exp.g4 order).
int binary_precedence(size_t t) {
  switch (t) {
    case L::OR: return 1;
    case L::AND: return 2;
    case L::EQ: case L::NE: case L::LE: case L::GE: case L::LT: case L::GT: return 4;
    case L::PLUS: case L::MINUS: return 5;
    case L::STAR: case L::SLASH: case L::AT: return 6;
    case L::CARET: return 8;
    default: return 0;
  }
}
constexpr int kNotPrecedence = 3, kNegPrecedence = 7, kPowPrecedence = 8;

class Filter {
 public:
  Filter(const FilterContext& ctx) : ctx_(ctx) { levels_.emplace_back(); }

  FilteredTokens run(std::vector<TokenPtr> raw) {
    for (auto& tok : raw) {
      if (out_.too_deep) break;
      size_t type = tok->getType();
      if (type == antlr4::Token::EOF) { finish(std::move(tok)); return std::move(out_); }
      take(std::move(tok), next_significant(raw, &tok - raw.data()));
    }
    // Stopped early (too deep): still end with EOF so the stream is well formed.
    auto eof = std::make_unique<antlr4::CommonToken>(raw.back().get());
    eof->setType(antlr4::Token::EOF);
    push(std::move(eof));
    return std::move(out_);
  }

 private:
  struct Open {
    size_t type;
    size_t out_index;     // where the opener sits in the output
    Span span;
  };
  struct Level { std::vector<int> pending; };  // prefix / right-assoc operators still open

  static size_t next_significant(const std::vector<TokenPtr>& raw, size_t i) {
    for (size_t k = i + 1; k < raw.size(); ++k)
      if (raw[k]->getType() != L::NL) return raw[k]->getType();
    return antlr4::Token::EOF;
  }

  void take(TokenPtr tok, size_t next) {
    size_t type = tok->getType();
    switch (type) {
      case L::NL: pending_nl_ = std::move(tok); return;
      case L::ERROR_CHAR:
        if (tok->getText() == ";") {  // habit from other languages: say so once, then read it as the line break it means
          ctx_.diags.report(diag::semicolon(span_of(*tok)));
          retype(*tok, L::NL);
          pending_nl_ = std::move(tok);
          return;
        }
        report_error_char(*tok);
        return;
      case L::BAD_NUMBER:
        ctx_.diags.report(diag::invalid_number(span_of(*tok), tok->getText()));
        retype(*tok, L::NUMBER);
        break;
      case L::UNTERMINATED_STRING:
        ctx_.diags.report(diag::unterminated_string(span_of(*tok)));
        retype(*tok, L::STRING);
        break;
      default: break;
    }
    bool statement_form = next == L::ID || next == L::NUMBER || next == L::STRING || next == L::LBRACE;
    bool keyword_statement = statement_form && (starts_top_level_only(type) || type == L::HYPER || type == L::PARAM);
    bool at_line_start = pending_nl_ || out_.tokens.empty();
    bool at_column_1 = statement_form && at_column_1_of_line(*tok);
    if (at_column_1 && starts_top_level_only(type) && !stack_.empty()) close_all_before(*tok);
    // `loguniform(1e-4, 1e-1` ↵ `hyper b = 2`: a statement cannot sit inside ( or [, so they were never closed.
    if ((keyword_statement || type == L::RETURN) && at_line_start && in_parens()) close_parens_before(*tok);
    bool starts_statement = at_column_1 && keyword_statement;
    if (is_closer(type)) { take_closer(std::move(tok)); return; }
    flush_newline(type, starts_statement);
    track_operators(type);
    if (is_opener(type)) {
      stack_.push_back({type, out_.tokens.size(), span_of(*tok)});
      levels_.emplace_back();
      push(std::move(tok), static_cast<uint32_t>(stack_.size() - 1));
      check_depth();
      return;
    }
    push(std::move(tok));
  }

  void take_closer(TokenPtr tok) {
    size_t type = tok->getType();
    pending_nl_.reset();  // a newline before a closer never separates anything
    auto match = std::find_if(stack_.rbegin(), stack_.rend(), [&](const Open& o) { return closer_of(o.type) == type; });
    if (match == stack_.rend() && !stack_.empty() && stack_.back().type != L::LBRACE) {
      // `[1, 2)`: read it as the closer that was due, and say so.
      const Open& open = stack_.back();
      size_t due = closer_of(open.type);
      ctx_.diags.report(diag::mismatched_closer(span_of(*tok), closer_char(type), closer_char(due), open.span,
                                                line_col(open.span.begin)));
      retype(*tok, due);
      pop_level();
      push(std::move(tok));
      return;
    }
    if (match == stack_.rend()) {
      ctx_.diags.report(diag::unmatched_closer(span_of(*tok), closer_char(type)));
      return;  // dropped: the parser sees balanced brackets
    }
    while (closer_of(stack_.back().type) != type) close_unclosed(*tok, previous_end());
    pop_level();
    push(std::move(tok));
  }

  // `train` at column 1 inside a model: the model was never closed.
  void close_all_before(const antlr4::Token& keyword) { close_before(keyword, /*braces_too=*/true); }
  // `return` on a new line inside a call: the call's `(` was never closed (the model's `{` may still be open).
  void close_parens_before(const antlr4::Token& keyword) { close_before(keyword, /*braces_too=*/false); }

  void close_before(const antlr4::Token& keyword, bool braces_too) {
    Span expected_at = previous_end();
    while (!stack_.empty() && (braces_too || stack_.back().type != L::LBRACE)) {
      const char* opener = stack_.back().type == L::LPAREN ? "(" : stack_.back().type == L::LBRACK ? "[" : "{";
      close_unclosed(keyword, expected_at,
                     fmt::format("`{}` starts a new statement, so the `{}` before it must be closed first",
                                 keyword.getText(), opener));
    }
  }

  bool in_parens() const { return !stack_.empty() && stack_.back().type != L::LBRACE; }

  // From the source's own line table: ANTLR's column only restarts after `\n`,
  // so it is wrong in files with old-Mac (CR-only) line endings.
  bool at_column_1_of_line(const antlr4::Token& tok) const {
    uint32_t byte = ctx_.text.byte_offset(tok.getStartIndex());
    return ctx_.source.line_col(byte).col == 1;
  }

  void close_unclosed(const antlr4::Token& at, Span expected_at, std::string help = {}) {
    const Open& open = stack_.back();
    size_t closer = closer_of(open.type);
    auto where = line_col(open.span.begin);
    ctx_.diags.report(diag::unclosed_delimiter(expected_at, closer_char(closer), describe_opener(open), open.span,
                                               where, std::move(help)));
    pop_level();
    auto synthetic = std::make_unique<antlr4::CommonToken>(const_cast<antlr4::Token*>(&at));
    synthetic->setType(closer);
    synthetic->setText(std::string(1, closer_char(closer)));
    synthetic->setStopIndex(synthetic->getStartIndex() - 1);  // zero width
    push(std::move(synthetic));
  }

  void finish(TokenPtr eof) {
    if (!stack_.empty()) {
      out_.incomplete = true;
      if (ctx_.report_unclosed_at_end) {
        Span at = previous_end();
        while (!stack_.empty()) close_unclosed(*eof, at);
      } else {
        while (!stack_.empty()) pop_level();
      }
    }
    if (!out_.tokens.empty() && continues_line(out_.tokens.back()->getType())) out_.incomplete = true;
    pending_nl_.reset();
    push(std::move(eof));
  }

  // Emits the pending newline if it separates statements here. `model m(...)`
  // at column 1 always starts a statement, even after a dangling operator.
  void flush_newline(size_t next_type, bool starts_statement = false) {
    if (!pending_nl_) return;
    TokenPtr nl = std::move(pending_nl_);
    if (in_parens() || out_.tokens.empty()) return;
    size_t prev = out_.tokens.back()->getType();
    // No statement starts with `{`: one on the next line opens the block of the header above it.
    if (prev == L::NL || (continues_line(prev) && !starts_statement) || next_type == L::RBRACE || next_type == L::LBRACE)
      return;
    levels_.back().pending.clear();  // a statement boundary ends every pending operator
    push(std::move(nl));
  }

  void track_operators(size_t type) {
    auto& pending = levels_.back().pending;
    size_t prev = out_.tokens.empty() ? static_cast<size_t>(L::NL) : out_.tokens.back()->getType();
    if (type == L::COMMA || type == L::ASSIGN || type == L::TILDE || type == L::COLON || type == L::IF) {
      pending_total_ -= pending.size();
      pending.clear();
      return;
    }
    int incoming = 0;
    if (type == L::MINUS && !ends_operand(prev)) incoming = kNegPrecedence;
    else if (type == L::NOT) incoming = kNotPrecedence;
    else if (int p = binary_precedence(type)) {
      while (!pending.empty() && pending.back() > p) { pending.pop_back(); --pending_total_; }
      if (type == L::CARET) incoming = kPowPrecedence;
    }
    if (incoming) {
      pending.push_back(incoming);
      ++pending_total_;
      check_depth();
    }
  }

  void check_depth() {
    if (stack_.size() + pending_total_ <= kMaxNesting || out_.too_deep) return;
    out_.too_deep = true;
    ctx_.diags.report(diag::nesting_too_deep(span_of(*out_.tokens.back()), kMaxNesting));
  }

  void pop_level() {
    pending_total_ -= levels_.back().pending.size();
    levels_.pop_back();
    stack_.pop_back();
  }

  void push(TokenPtr tok, std::optional<uint32_t> depth = std::nullopt) {
    out_.depth.push_back(depth ? *depth : static_cast<uint32_t>(stack_.size()));
    out_.tokens.push_back(std::move(tok));
  }

  void report_error_char(const antlr4::Token& tok) {
    Span s = span_of(tok);
    if (last_error_char_.valid() && last_error_char_.end == s.begin) {  // one diagnostic per run of junk
      last_error_char_.end = s.end;
      return;
    }
    last_error_char_ = s;
    std::string text = tok.getText();
    std::string shown = text == "\xEF\xBF\xBD" ? "(an invalid or unprintable byte)"
                        : static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F
                            ? fmt::format("U+{:04X}", static_cast<unsigned>(text[0]))
                            : fmt::format("`{}`", text);
    ctx_.diags.report(diag::invalid_character(s, shown));
  }

  static void retype(antlr4::Token& tok, size_t type) {
    if (auto* writable = dynamic_cast<antlr4::CommonToken*>(&tok)) writable->setType(type);
  }

  // "model `mlp`", "`(`", "the block of train `mlp`" — from the tokens before the opener.
  std::string describe_opener(const Open& open) const {
    if (open.type != L::LBRACE) return open.type == L::LPAREN ? "`(`" : "`[`";
    size_t start = open.out_index;
    while (start > 0 && out_.tokens[start - 1]->getType() != L::NL && out_.depth[start - 1] >= out_.depth[open.out_index])
      --start;
    const auto& first = *out_.tokens[start];
    std::string keyword = first.getText();
    if (first.getType() == L::ID || start == open.out_index) return "`{`";
    if (start + 1 == open.out_index) return fmt::format("the `{}` block", keyword);
    const auto& second = *out_.tokens[start + 1];
    if (second.getType() == L::ID) return fmt::format("{} `{}`", keyword, second.getText());
    return fmt::format("the `{}` block", keyword);
  }

  Span span_of(const antlr4::Token& tok) const {
    uint32_t begin = ctx_.text.byte_offset(tok.getStartIndex());
    size_t stop = tok.getStopIndex();
    uint32_t end = stop + 1 > tok.getStartIndex() ? ctx_.text.byte_offset(stop + 1) : begin;
    return {ctx_.file, begin, end};
  }

  // Zero-width span just after the last token emitted (where a closer was due).
  Span previous_end() const {
    for (size_t i = out_.tokens.size(); i-- > 0;) {
      const auto& t = *out_.tokens[i];
      if (t.getType() != L::NL && t.getStopIndex() + 1 > t.getStartIndex()) {
        uint32_t end = span_of(t).end;
        return {ctx_.file, end, end};
      }
    }
    return {ctx_.file, 0, 0};
  }

  SourceFile::LineCol line_col(uint32_t byte) const { return char_line_col(ctx_.source, byte); }

  const FilterContext& ctx_;
  FilteredTokens out_;
  std::vector<Open> stack_;
  std::vector<Level> levels_;   // one per open bracket, plus the top level
  size_t pending_total_ = 0;
  TokenPtr pending_nl_;
  Span last_error_char_{};
};

}  // namespace

FilteredTokens filter_tokens(std::vector<TokenPtr> raw, const FilterContext& ctx) {
  return Filter(ctx).run(std::move(raw));
}

}  // namespace xp::parse
