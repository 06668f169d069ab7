#pragma once
// Counts in messages agree with their noun: "1 index", "3 indices".
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace xp::diag {

inline std::string count_of(long long n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// What a call accepts: "1 argument", "2 to 3 arguments", "at least 1 argument" (max < 0: variadic).
inline std::string arguments_text(int min, int max) {
  if (max < 0) return "at least " + count_of(min, "argument", "arguments");
  if (min == max) return count_of(min, "argument", "arguments");
  return fmt::format("{} to {}", min, count_of(max, "argument", "arguments"));
}

}  // namespace xp::diag
