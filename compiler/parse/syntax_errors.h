#pragma once
// Named constructors for every diagnostic of the parse stage and the driver
// (codes E0001–E0039; docs/errors.md explains each). Wording lives here only.
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace xp::diag {

// ---- lexical ------------------------------------------------------------------
Diagnostic invalid_utf8(Span at);
Diagnostic invalid_character(Span at, std::string_view shown);
// `;` where a newline belongs: exp ends statements and block items at line ends.
Diagnostic semicolon(Span at);
Diagnostic invalid_number(Span at, std::string_view text);
Diagnostic unterminated_string(Span at);
Diagnostic invalid_escape(Span at, std::string_view escape);
// A number literal too large (or too close to 0) for a double.
Diagnostic number_out_of_range(Span at, std::string_view text);

// ---- brackets and nesting --------------------------------------------------------
// "expected `}` to close model `mlp` opened at 5:1"; `what` names the opener.
Diagnostic unclosed_delimiter(Span expected_at, char closer, std::string_view what, Span opener,
                              SourceFile::LineCol opened_at, std::string help);
Diagnostic unmatched_closer(Span at, char closer);
Diagnostic mismatched_closer(Span at, char found, char expected, Span opener, SourceFile::LineCol opened_at);
Diagnostic nesting_too_deep(Span at, size_t limit);
Diagnostic expression_too_deep(Span at, size_t limit);

// ---- grammar -------------------------------------------------------------------------
Diagnostic unexpected_token(Span at, std::string expected, std::string found, std::string help);
Diagnostic fixed_value_with_tilde(Span tilde, std::string_view name, std::string_view value);
Diagnostic space_with_equals(Span eq, std::string_view name, std::string_view space);
Diagnostic param_with_equals(Span eq, std::string_view name);
Diagnostic param_without_shape(Span name_span, std::string_view name);
Diagnostic top_level_assignment(Span at, std::string_view target, bool plain);
Diagnostic chained_comparison(Span at);
Diagnostic seed_not_integer(Span at);
Diagnostic bad_input_type(Span at, std::string_view type);
Diagnostic block_item_not_setting(Span at);
Diagnostic unused_model_expression(Span at);
Diagnostic call_of_non_name(Span callee);

// ---- files and imports (driver) ----------------------------------------------------
Diagnostic file_unreadable(std::string_view path, std::string_view reason);
Diagnostic file_too_large(std::string_view path, size_t bytes, size_t limit);
Diagnostic import_not_found(Span at, std::string_view shown, std::string_view resolved);
Diagnostic import_cycle(Span at, const std::vector<std::string>& chain);
Diagnostic unknown_std_module(Span at, std::string_view name, const std::vector<std::string>& available);

}  // namespace xp::diag
