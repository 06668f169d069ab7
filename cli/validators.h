#pragma once
// Option validators that say what was wrong in a sentence (CLI11's own print
// the limits of a double or "xml not in {text,json}"). Shared by every command.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace xp::cli {

// A whole number of at least 1 (--trials, --parallel, --top).
CLI::Validator positive_count();
// Any 64-bit unsigned number (--seed): CLI11 would wrap "-3" and say "Could not convert" for "x".
CLI::Validator seed_number();
// One of a few words (--format text|json).
CLI::Validator one_of(std::vector<std::string> choices);

}  // namespace xp::cli
