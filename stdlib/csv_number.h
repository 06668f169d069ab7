#pragma once
// parse_number (csv.h) inline, for the loop that reads every cell of a file
// (stdlib/csv_table.cpp): a call per cell and the branch on a sign were a
// fifth of loading a numeric file. Only csv.cpp and csv_table.cpp include it.
#include <cstdint>
#include <string_view>

namespace xp::stdlib::csv::number {

// The common cell `-12.345` (at most 15 digits, no exponent) without
// from_chars: its digits as an integer m < 2^53 and a power of ten 10^k with
// k <= 22 are both exact doubles, so m / 10^k is the correctly rounded value —
// bit for bit what from_chars gives (Clinger's fast path). False: not of
// that form, the general parser decides. Two tight digit loops (before and
// after the point), and the sign applied by a multiplication (exact) rather
// than a branch that random signs mispredict half the time.
inline bool simple_decimal(const char* p, const char* end, double& out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  static constexpr double kSign[] = {1.0, -1.0};
  const bool negative = *p == '-';
  p += negative;
  const char* const first = p;
  uint64_t m = 0;  // wraps past 19 digits, but then the count below refuses it
  auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0') < 10; };
  while (p < end && digit(*p)) m = m * 10 + static_cast<uint64_t>(*p++ - '0');
  const auto whole = static_cast<size_t>(p - first);
  size_t fraction = 0;
  if (p < end && *p == '.') {
    const char* const point = ++p;
    while (p < end && digit(*p)) m = m * 10 + static_cast<uint64_t>(*p++ - '0');
    fraction = static_cast<size_t>(p - point);
  }
  if (p != end || whole + fraction == 0 || whole + fraction > 15) return false;
  out = static_cast<double>(m) / kPow10[fraction] * kSign[negative];
  return true;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The rest of parse_number: blanks, a '+', exponents, long mantissas (from_chars).
bool parse_general(std::string_view text, double& out);

// parse_number's answer as a bool and `out`.
inline bool parse(std::string_view text, double& out) {
  if (!text.empty() && !is_blank(text.front()) && !is_blank(text.back()) && text.front() != '+' &&
      simple_decimal(text.data(), text.data() + text.size(), out))
    return true;
  return parse_general(text, out);
}

}  // namespace xp::stdlib::csv::number
