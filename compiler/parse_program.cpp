#include "compiler/parse_program.h"

#include <algorithm>

#include <antlr4-runtime.h>

#include "ExpLexer.h"
#include "ExpParser.h"
#include "compiler/ast_build/builder.h"
#include "compiler/parse/error_strategy.h"
#include "compiler/parse/source_text.h"
#include "compiler/parse/syntax_errors.h"
#include "compiler/parse/token_filter.h"

namespace xp {
namespace {

// ANTLR converts text with thread_local UTF-8 converters; glibc registers
// their destructors on first use and aborts the process if that cannot
// allocate (tests/reliability/alloc_sweep.py found it). Using them once
// while the program starts, before any allocation can fail, turns a later
// out-of-memory into exp's "out of memory" error instead of an abort.
[[maybe_unused]] const bool kUtf8ConvertersReady = [] {
  antlr4::ANTLRInputStream warm(std::string("x"));
  return !warm.toString().empty();
}();

// The lexer must outlive the parse: ANTLR's recovery builds tokens that point back at it.
std::vector<std::unique_ptr<antlr4::Token>> lex(xpgen::ExpLexer& lexer) {
  lexer.removeErrorListeners();  // every character lexes (ERROR_CHAR); nothing to report here
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  for (;;) {
    tokens.push_back(lexer.nextToken());
    if (tokens.back()->getType() == antlr4::Token::EOF) return tokens;
  }
}

// All of the ANTLR wiring. The file is parsed one `line` rule at a time,
// each first with fast SLL prediction and, only if that fails, again with
// full LL and error recovery; a line that had an error adds nothing to the AST.
bool parse_lines(ast::Program& into, const SourceFile& source, uint32_t file, Diagnostics& diags, bool repl) {
  parse::DecodedText text = parse::decode_utf8(source.text);
  if (text.first_invalid_byte)
    diags.report(diag::invalid_utf8({file, *text.first_invalid_byte, *text.first_invalid_byte + 1}));
  antlr4::ANTLRInputStream input(text.utf8);
  xpgen::ExpLexer lexer(&input);
  parse::FilteredTokens filtered =
      parse::filter_tokens(lex(lexer), {source, text, file, diags, /*report_unclosed_at_end=*/!repl});
  if (filtered.too_deep || (repl && filtered.incomplete)) return filtered.incomplete;

  antlr4::ListTokenSource token_source(std::move(filtered.tokens));
  antlr4::CommonTokenStream tokens(&token_source);
  xpgen::ExpParser parser(&tokens);
  parse::SyntaxContext syntax{file, text, diags, filtered.depth};
  parse::SyntaxErrorListener listener(syntax);
  parser.removeErrorListeners();  // the bail-out stage would report through them too
  auto bail = std::make_shared<antlr4::BailErrorStrategy>();
  auto recovering = std::make_shared<parse::RecoveringStrategy>(syntax);
  auto* prediction = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  build::Builder builder(into, diags, file, text);

  while (tokens.LA(1) != antlr4::Token::EOF && diags.error_count() < Diagnostics::kMaxErrors) {
    size_t start = tokens.index();
    xpgen::ExpParser::LineContext* line = nullptr;
    try {
      parser.reset();  // frees the previous line's tree
      tokens.seek(start);
      parser.setErrorHandler(bail);
      prediction->setPredictionMode(antlr4::atn::PredictionMode::SLL);
      line = parser.line();
    } catch (const antlr4::ParseCancellationException&) {
      parser.reset();
      tokens.seek(start);
      parser.setErrorHandler(recovering);
      parser.addErrorListener(&listener);
      prediction->setPredictionMode(antlr4::atn::PredictionMode::LL);
      recovering->begin_line();
      size_t errors_before = recovering->errors() + listener.errors();
      line = parser.line();
      if (recovering->errors() + listener.errors() != errors_before) line = nullptr;
      parser.removeErrorListeners();
    }
    if (line) builder.line(line);
    if (tokens.index() == start) tokens.consume();  // always make progress
  }
  // Stopped at the error cap with input left: one more error makes the sink add its
  // "too many errors" note (and is itself dropped), so the count is not read as all there is.
  if (tokens.LA(1) != antlr4::Token::EOF) {
    Diagnostic more;
    more.severity = Severity::Error;
    diags.report(std::move(more));
  }
  return false;
}

// Diagnostics in source order: the token filter finds some before the parser
// finds others. Those without a place ("too many errors") go last.
uint32_t order(const Diagnostic& d) { return d.span.valid() ? d.span.begin : UINT32_MAX; }

void report_in_order(const Diagnostics& found, Diagnostics& diags) {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : found.all()) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic* a, const Diagnostic* b) { return order(*a) < order(*b); });
  std::vector<Span> error_spans;
  for (const auto* d : sorted) {
    // Two errors on exactly the same characters are one mistake seen twice (`2lr` is a bad
    // number, then not the name the parser wanted): keep the first, the token filter's, which says more.
    if (d->severity == Severity::Error && d->span.valid()) {
      auto same = [d](const Span& s) { return s.file == d->span.file && s.begin == d->span.begin && s.end == d->span.end; };
      if (std::any_of(error_spans.begin(), error_spans.end(), same)) continue;
      error_spans.push_back(d->span);
    }
    diags.report(*d);
  }
}

}  // namespace

void parse_into(ast::Program& into, const SourceMap& sources, uint32_t file, Diagnostics& diags) {
  Diagnostics found;
  parse_lines(into, sources.file(file), file, found, /*repl=*/false);
  report_in_order(found, diags);
}

ast::Program parse_program(const SourceMap& sources, uint32_t file, Diagnostics& diags) {
  ast::Program program;
  program.file = file;
  parse_into(program, sources, file, diags);
  return program;
}

ReplInput parse_repl_input(const SourceMap& sources, uint32_t file, Diagnostics& diags) {
  ReplInput out;
  out.program.file = file;
  Diagnostics local;
  out.incomplete = parse_lines(out.program, sources.file(file), file, local, /*repl=*/true);
  if (out.incomplete) {
    out.program.stmts.clear();
    out.program.exprs.clear();
    return out;
  }
  report_in_order(local, diags);
  return out;
}

bool is_incomplete_input(std::string_view text) {
  SourceMap sources;
  uint32_t file = sources.add("<input>", std::string(text));
  Diagnostics diags;
  return parse_repl_input(sources, file, diags).incomplete;
}

}  // namespace xp
