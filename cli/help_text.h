#pragma once
// Help on built-ins, from the one registry (stdlib/builtins.h): `exp help`,
// the REPL's `:help`, and docs/stdlib.md (`exp help --markdown`).
#include <optional>
#include <string>
#include <string_view>

namespace xp::cli {

// Every category with its names, one line each.
std::string help_overview();
// A built-in (every category it appears in: `exp` is an activation and scalar
// math) or a category ("optimizers"). nullopt when neither exists.
std::optional<std::string> help_entry(std::string_view name);
// The closest registry name to a misspelling ("did you mean `adam`?"); "" if none is close.
std::string closest_builtin(std::string_view name);

}  // namespace xp::cli
