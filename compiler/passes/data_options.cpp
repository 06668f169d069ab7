// The options of a data generator (`blobs(n: 500, features: 8)`), checked at
// `exp check` against the same bounds the runtime loader applies
// (stdlib/generators.h), so `blobs(features: 1e300)` or `moons(n: -5)` is an
// error at the option before anything runs, and so is a size within bounds
// whose rows × features could not be held (`blobs(n: 1e7, features: 1e4)`). Options computed from hypers are
// only known to the loader, which reports them the same way.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "base/data_diags.h"
#include "compiler/diags/misc.h"
#include "compiler/passes/kinds_context.h"
#include "compiler/passes/literal.h"
#include "stdlib/csv.h"
#include "stdlib/generators.h"

namespace xp {

void verify_generator_options(const KindContext& cx, ast::ExprId source) {
  auto* call = std::get_if<ast::Call>(&cx.expr(source).node);
  if (!call) return;
  const Symbol* callee = cx.at(call->callee);
  if (!callee || callee->kind != Symbol::Kind::Builtin) return;
  const std::string& generator = callee->name;
  std::map<std::string, double> written;  // options given as numbers, each within its bounds
  bool all_known = true;
  for (const auto& arg : call->args) {
    auto value = literal_number(cx.program, arg.value);
    if (!value) {
      all_known = all_known && arg.name == "seed";
      continue;
    }
    for (const auto& option : stdlib::generator_options(generator)) {
      if (option.name != arg.name) continue;
      if (!option.accepts(*value)) {
        cx.diags.report(diag::generator_option_out_of_range(cx.expr(arg.value).span, generator, option));
        all_known = false;
      } else {
        written[arg.name] = *value;
      }
    }
  }
  if (std::string problem = stdlib::too_large(generator, written); all_known && !problem.empty())
    cx.diags.report(diag::generated_data_too_large(cx.expr(source).span, std::move(problem)));
}

namespace {
// `target: ["a", "b"]`: quoted column names, at least one, each once (a
// column predicted twice would be two outputs fitted to the same numbers).
void verify_target_list(const KindContext& cx, const ast::List& list, Span at) {
  if (list.items.empty()) {
    cx.diags.report(diag::data::bad_option("`target: []` names no column", at,
                                           "name the target column, or several: `target: [\"a\", \"b\"]`"));
    return;
  }
  std::map<std::string, Span> seen;
  for (ast::ExprId item : list.items) {
    auto* name = std::get_if<ast::String>(&cx.expr(item).node);
    if (!name) {
      cx.diags.report(diag::data::bad_option("the targets in `target: [...]` are quoted column names",
                                             cx.expr(item).span, "such as `target: [\"a\", \"b\"]`"));
      continue;
    }
    auto [first, fresh] = seen.emplace(name->value, cx.expr(item).span);
    if (fresh) continue;
    Diagnostic d = diag::data::bad_option(fmt::format("column `{}` is listed twice in `target:`", name->value),
                                          cx.expr(item).span, "list each target column once");
    d.secondary.push_back({first->second, "first listed here"});
    cx.diags.report(std::move(d));
  }
}
}  // namespace

namespace {
// `text: "review"` with `tokens: true` (two meanings of the ids), or with a
// `vocab:` that leaves no id for a word: the loader refuses both
// (runtime/data/example_form.cpp) with these diagnostics.
void verify_text_options(const KindContext& cx, const ast::Call& call) {
  const ast::Arg *text = nullptr, *tokens = nullptr, *vocab = nullptr;
  for (const auto& arg : call.args) {
    if (arg.name == "text") text = &arg;
    if (arg.name == "tokens") tokens = &arg;
    if (arg.name == "vocab") vocab = &arg;
  }
  if (!text) return;
  Span text_at = cx.expr(text->value).span;
  if (tokens) {
    auto n = literal_number(cx.program, tokens->value);
    const Symbol* s = cx.at(tokens->value);
    bool yes = n ? *n != 0 : s && s->kind == Symbol::Kind::Builtin && s->name == "true";
    if (yes) cx.diags.report(diag::data::tokens_and_text(text_at));
  }
  if (vocab)
    if (auto n = literal_number(cx.program, vocab->value); n && *n >= 1 && !diag::data::text_vocab_has_words(static_cast<int64_t>(*n)))
      cx.diags.report(diag::data::text_vocab_without_words(static_cast<int64_t>(*n), cx.expr(vocab->value).span));
}
}  // namespace

// The options of a CSV source whose values the registry's types do not pin
// down: `sep:` is a string, but only one of a few separators; `target:` is
// one name or a list of them; `text:` beside `tokens:` or a tiny `vocab:`.
void verify_table_options(const KindContext& cx, ast::ExprId source) {
  auto* call = std::get_if<ast::Call>(&cx.expr(source).node);
  if (!call) return;
  const Symbol* callee = cx.at(call->callee);
  if (!callee || callee->kind != Symbol::Kind::Builtin) return;
  if (callee->name == "csv") verify_text_options(cx, *call);
  for (const auto& arg : call->args) {
    if (arg.name == "shape")  // `shape: [8, 8, 1]`: whole sizes (runtime/data/example_form.h)
      if (auto* list = std::get_if<ast::List>(&cx.expr(arg.value).node)) {
        for (ast::ExprId item : list->items) {
          auto size = literal_number(cx.program, item);
          if (!size || *size < 1 || *size != std::floor(*size) || *size > 2147483648.0) {
            cx.diags.report(diag::data::bad_option("the sizes of `shape:` are whole numbers ≥ 1", cx.expr(item).span,
                                                   "such as `shape: [8, 8, 1]`"));
            break;
          }
        }
        if (list->items.empty() || list->items.size() > 6)
          cx.diags.report(diag::data::bad_option("`shape:` has 1 to 6 sizes", cx.expr(arg.value).span,
                                                 "such as `shape: [8, 8, 1]`"));
      }
    if (auto* list = std::get_if<ast::List>(&cx.expr(arg.value).node); list && callee->name == "csv" && arg.name == "target")
      verify_target_list(cx, *list, cx.expr(arg.value).span);
    if (callee->name != "csv" || arg.name != "sep") continue;
    auto* s = std::get_if<ast::String>(&cx.expr(arg.value).node);
    if (!s || !stdlib::csv::parse_separator(s->value))
      cx.diags.report(diag::data::bad_option(std::string(stdlib::csv::kSeparatorRule), cx.expr(arg.value).span,
                                             "a semicolon-separated file: `sep: \";\"`; a tab-separated one: `sep: \"\\t\"`"));
  }
}

}  // namespace xp
