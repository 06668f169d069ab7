#pragma once
// "Did you mean ...?" — the closest known word to a misspelt one, by edit
// distance. Used by every diagnostic that names something unknown.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xp {

// Levenshtein distance with adjacent transpositions counted as one edit
// (optimal string alignment), so `hdiden` is one edit from `hidden`.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo: a difference of case only for words of one or two characters, at
// most 1 edit up to 4 characters, 2 up to 8, 3 beyond.
// Ties go to the earliest candidate, so callers list the likeliest first.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// The names a diagnostic lists as valid, "a, b, c", in the order given.
std::string known_list(const std::vector<std::string>& names);

}  // namespace xp
