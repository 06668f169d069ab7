#include "stdlib/iso_date.h"

#include <cctype>

namespace xp::stdlib::csv {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil { int64_t year; unsigned month, day; };
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// `n` digits at `at` as a number, or -1.
int digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// hh:mm[:ss[.fff]] then an optional Z or ±hh:mm: the time part after the date.
bool valid_time(std::string_view t) {
  int h = digits(t, 0, 2), m = digits(t, 3, 2);
  if (h < 0 || h > 23 || t.size() < 5 || t[2] != ':' || m < 0 || m > 59) return false;
  size_t at = 5;
  if (at < t.size() && t[at] == ':') {
    int s = digits(t, at + 1, 2);
    if (s < 0 || s > 60) return false;
    at += 3;
    if (at < t.size() && t[at] == '.') {
      ++at;
      size_t start = at;
      while (at < t.size() && std::isdigit(static_cast<unsigned char>(t[at]))) ++at;
      if (at == start) return false;
    }
  }
  std::string_view zone = t.substr(at);
  if (zone.empty() || zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2) >= 0 && zone[3] == ':' &&
         digits(zone, 4, 2) >= 0;
}

}  // namespace

std::optional<int64_t> parse_iso_date(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) return std::nullopt;
  if (s.size() > 10 && !((s[10] == 'T' || s[10] == ' ') && valid_time(s.substr(11)))) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::array<double, 4> date_parts(int64_t days) {
  Civil c = civil_from_days(days);
  int64_t monday_based = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday (3)
  return {static_cast<double>(c.year), static_cast<double>(c.month), static_cast<double>(monday_based),
          static_cast<double>(days)};
}

}  // namespace xp::stdlib::csv
