#pragma once
// A line diff of two texts in unified form (`@@ -12,2 +12,3 @@`, then
// ` `/`-`/`+` lines), for `exp diff`'s script section. Longest common
// subsequence over lines: scripts are small; past kMaxDiffLines² cells it
// reports the whole texts as replaced rather than using the memory.
#include <string>
#include <vector>

namespace xp::cli {

inline constexpr size_t kMaxDiffLines = 4000;

// Empty when the texts are equal. `context` unchanged lines around each change.
std::vector<std::string> unified_line_diff(const std::string& a, const std::string& b, int context = 2);

}  // namespace xp::cli
