#include "compiler/parse/syntax_errors.h"

#include <fmt/format.h>

#include "base/diag_builders.h"

namespace xp::diag {
namespace {

Diagnostic file_error(const char* code, std::string_view path, std::string message) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.at = FileLocation{std::string(path), 0, 0};
  return d;
}

}  // namespace

Diagnostic invalid_utf8(Span at) {
  auto d = error("E0007", at, "this file is not valid UTF-8", "invalid byte here");
  d.help = "save the file as UTF-8";
  return d;
}

Diagnostic invalid_character(Span at, std::string_view shown) {
  auto d = error("E0006", at, fmt::format("unexpected character {}", shown), "not part of the language");
  d.help = "names use letters, digits and `_`; text goes between double quotes";
  return d;
}

Diagnostic semicolon(Span at) {
  auto d = error("E0006", at, "unexpected `;`", "exp reads a new line here");
  d.help = "a line ends a statement or a block item: drop the `;` and put what follows on its own line";
  return d;
}

Diagnostic invalid_number(Span at, std::string_view text) {
  auto d = error("E0008", at, fmt::format("invalid number `{}`", text), "not a number");
  // `1e`, `1e-`, `2.5E+`: the exponent is all that is missing.
  std::string_view tail = text;
  if (!tail.empty() && (tail.back() == '+' || tail.back() == '-')) tail.remove_suffix(1);
  bool bare_exponent = tail.size() >= 2 && (tail.back() == 'e' || tail.back() == 'E') &&
                       tail.find_first_not_of("0123456789.") == tail.size() - 1;
  d.help = bare_exponent ? fmt::format("an exponent needs digits: `{}4` means {} × 10^{}4", text, tail.substr(0, tail.size() - 1),
                                       text.back() == '-' ? "-" : "")
                         : "numbers look like `16`, `0.5`, `.5` or `1e-4`; a name cannot start with a digit";
  return d;
}

Diagnostic unterminated_string(Span at) {
  auto d = error("E0005", at, "unterminated string", "this string has no closing `\"`");
  d.help = "close the string with `\"` on the same line";
  return d;
}

Diagnostic number_out_of_range(Span at, std::string_view text) {
  auto d = error("E0008", at, fmt::format("number `{}` is out of range", text), "not representable");
  d.help = "numbers are double precision: their magnitude lies between about 2.2e-308 and 1.8e308 (or is 0)";
  return d;
}

Diagnostic invalid_escape(Span at, std::string_view escape) {
  auto d = error("E0009", at, fmt::format("unknown escape `{}` in a string", escape), "unknown escape");
  d.help = "the escapes are \\\\, \\\", \\n and \\t";
  return d;
}

Diagnostic unclosed_delimiter(Span expected_at, char closer, std::string_view what, Span opener,
                              SourceFile::LineCol opened_at, std::string help) {
  auto d = error("E0002", expected_at,
                 fmt::format("expected `{}` to close {} opened at {}:{}", closer, what, opened_at.line, opened_at.col),
                 fmt::format("expected `{}`", closer));
  d.secondary.push_back({opener, "opened here"});
  d.help = std::move(help);
  return d;
}

Diagnostic unmatched_closer(Span at, char closer) {
  char opener = closer == ')' ? '(' : closer == ']' ? '[' : '{';
  return error("E0003", at, fmt::format("unexpected `{}`", closer), fmt::format("no `{}` is open here", opener));
}

Diagnostic mismatched_closer(Span at, char found, char expected, Span opener, SourceFile::LineCol opened_at) {
  auto d = error("E0003", at,
                 fmt::format("expected `{}` to close the `{}` opened at {}:{}, found `{}`", expected,
                             expected == ')' ? '(' : '[', opened_at.line, opened_at.col, found),
                 fmt::format("expected `{}`", expected));
  d.secondary.push_back({opener, "opened here"});
  return d;
}

Diagnostic nesting_too_deep(Span at, size_t limit) {
  auto d = error("E0004", at, "nesting too deep", fmt::format("more than {} levels deep here", limit));
  d.notes.push_back(fmt::format("brackets and chained prefix operators may nest at most {} levels", limit));
  d.help = "name intermediate values (`h = ...`) to flatten the expression";
  return d;
}

Diagnostic expression_too_deep(Span at, size_t limit) {
  auto d = error("E0015", at, "expression too long", fmt::format("more than {} operations in one expression", limit));
  d.help = "split it into named intermediate values";
  return d;
}

Diagnostic unexpected_token(Span at, std::string expected, std::string found, std::string help) {
  std::string message = expected.empty() ? fmt::format("unexpected {}", found)
                                         : fmt::format("expected {}, found {}", expected, found);
  auto d = error("E0001", at, std::move(message), expected.empty() ? "unexpected here" : "expected " + expected);
  d.help = std::move(help);
  return d;
}

Diagnostic fixed_value_with_tilde(Span tilde, std::string_view name, std::string_view value) {
  auto d = error("E0010", tilde, fmt::format("`~` needs a search space, but `{}` is given a fixed value", name),
                 "`~` draws from a range");
  d.help = fmt::format("write `hyper {} = {}` for a fixed value, or a space such as `uniform(a, b)` or `choice(...)`",
                       name, value);
  return d;
}

Diagnostic space_with_equals(Span eq, std::string_view name, std::string_view space) {
  auto d = error("E0010", eq, fmt::format("`{}` is a search space, so `{}` needs `~`, not `=`", space, name),
                 "`=` fixes a single value");
  d.help = fmt::format("write `hyper {} ~ {}(...)` to search over it", name, space);
  return d;
}

Diagnostic param_with_equals(Span eq, std::string_view name) {
  auto d = error("E0011", eq, fmt::format("parameter `{}` cannot be set with `=`", name),
                 "parameters are learned, not set");
  d.notes.push_back("a `param` starts from values drawn by an initializer and is then fitted by training");
  d.help = "give an initializer with `~`, e.g. `~ glorot`, `~ zeros` or `~ normal(std: 0.1)`";
  return d;
}

Diagnostic param_without_shape(Span name_span, std::string_view name) {
  auto d = error("E0017", name_span, fmt::format("parameter `{}` has no shape", name), "shape missing");
  d.help = fmt::format("write `param {}: [F, hidden] ~ glorot` (use `[]` for a scalar)", name);
  return d;
}

Diagnostic top_level_assignment(Span at, std::string_view target, bool plain) {
  if (plain) {
    auto d = error("E0012", at, fmt::format("`{}` is assigned outside any block", target), "not a declaration");
    d.help = fmt::format("declare a fixed hyperparameter with `hyper {} = ...`, or a searched one with `hyper {} ~ ...`",
                         target, target);
    return d;
  }
  auto d = error("E0012", at, "only declarations may appear at the top level", "this updates a value");
  d.notes.push_back("hyperparameters are set before training and parameters are learned; neither is updated by hand");
  return d;
}

Diagnostic chained_comparison(Span at) {
  auto d = error("E0013", at, "comparisons cannot be chained", "a chain of comparisons");
  d.help = "combine them with `and`: `a < b and b < c`";
  return d;
}

Diagnostic seed_not_integer(Span at) {
  auto d = error("E0014", at, "`seed` needs a whole number", "not a whole number");
  d.help = "for example `seed 42`";
  return d;
}

Diagnostic bad_input_type(Span at, std::string_view type) {
  auto d = error("E0016", at, fmt::format("unknown input type `{}`", type), "expected a shape or `int`");
  d.help = type == "bool"
               ? "a model input is a tensor or an integer size; for yes or no, read a hyper in the model: "
                 "`hyper causal ~ choice(true, false)`, then `attention(q, k, v, causal: causal)`"
               : "a model input is a tensor with a shape, `x: [F]`, or an integer, `units: int`";
  return d;
}

Diagnostic block_item_not_setting(Span at) {
  auto d = error("E0018", at, "expected a setting, a command or a call", "this does nothing here");
  d.help = "block items look like `epochs = 200`, `test: accuracy, f1`, `hypers` or `stop_early(patience: 5)`";
  return d;
}

Diagnostic unused_model_expression(Span at) {
  auto d = error("E0019", at, "this value is computed and then discarded", "not used");
  d.help = "name it (`h = ...`) or return it (`return ...`)";
  return d;
}

Diagnostic call_of_non_name(Span callee) {
  auto d = error("E0020", callee, "only a name can be called", "this is not a name");
  d.help = "call a model or a built-in by its name: `relu(h)`, `mlp(x)`";
  return d;
}

Diagnostic file_unreadable(std::string_view path, std::string_view reason) {
  return file_error("E0030", path, fmt::format("cannot read `{}`: {}", path, reason));
}

Diagnostic file_too_large(std::string_view path, size_t bytes, size_t limit) {
  auto d = file_error("E0031", path,
                      fmt::format("`{}` is too large to be a script ({} bytes; the limit is {} bytes)", path, bytes, limit));
  d.help = "is this the right file? data belongs in a CSV file read with `csv(...)`";
  return d;
}

Diagnostic import_not_found(Span at, std::string_view shown, std::string_view resolved) {
  auto d = error("E0032", at, fmt::format("cannot find the imported file `{}`", shown), "not found");
  d.notes.push_back(fmt::format("looked for `{}`", resolved));
  d.help = "paths in `import` are relative to the importing script's folder";
  return d;
}

Diagnostic import_cycle(Span at, const std::vector<std::string>& chain) {
  std::string path;
  for (const auto& link : chain) path += (path.empty() ? "" : " → ") + link;
  auto d = error("E0033", at, "import cycle", "this import leads back to a file being imported");
  d.notes.push_back("the cycle: " + path);
  d.help = "move the shared definitions into a file that both import";
  return d;
}

Diagnostic unknown_std_module(Span at, std::string_view name, const std::vector<std::string>& available) {
  auto d = error("E0034", at, fmt::format("there is no standard module `{}`", name), "unknown module");
  std::string list;
  for (const auto& m : available) list += (list.empty() ? "`" : ", `") + m + "`";
  if (!list.empty()) d.help = "the standard modules are " + list;
  return d;
}

}  // namespace xp::diag
