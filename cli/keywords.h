#pragma once
// The words a statement or an expression can start with, beyond names and
// built-ins: what the REPL's Tab and the language server complete.
#include <array>
#include <string_view>

namespace xp::cli {

inline constexpr std::array<std::string_view, 16> kLanguageKeywords = {
    "seed", "import", "data", "split", "hyper", "model", "param", "train",
    "tune", "report", "evaluate", "save", "print", "return", "on", "if"};

}  // namespace xp::cli
