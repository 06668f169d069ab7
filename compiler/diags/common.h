#pragma once
// Building blocks for the named diagnostic constructors in this folder. Every
// diagnostic the checker emits is made by one function in names.h, kinds.h,
// leakage.h, space.h, shapes.h or warnings.h, so its code and wording live in
// exactly one place (docs/errors.md explains each code).
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "stdlib/builtins.h"

namespace xp::diag {

Diagnostic error(std::string_view code, Span span, std::string message, std::string label = "");
Diagnostic warning(std::string_view code, Span span, std::string message, std::string label = "");

// Adds a secondary label ("first defined here") to `d` and returns it.
Diagnostic& with_secondary(Diagnostic& d, Span span, std::string text);

// "did you mean `hidden`?" — empty when there is no suggestion.
std::string did_you_mean(const std::optional<std::string>& suggestion);

// `name` in backticks, the way every message quotes user names.
std::string quote(std::string_view name);

// "an activation", "an optimizer", "a metric": one built-in of category `c`.
std::string one_of(stdlib::Category c);

}  // namespace xp::diag
