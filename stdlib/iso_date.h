#pragma once
// ISO 8601 calendar dates in data files (`2024-03-05`, `2024-03-05T14:30:00Z`,
// `2024-03-05 14:30`): a column whose every non-missing cell is one becomes
// four numeric features instead of one one-hot level per distinct date
// (docs/data.md). The time of day is accepted and not used.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace xp::stdlib::csv {

// Days since 1970-01-01 (negative before it) of a valid ISO 8601 date, with
// an optional time part; nullopt for anything else (`2024-02-30`, `5/3/2024`).
std::optional<int64_t> parse_iso_date(std::string_view text);

// The features one date becomes, in this order, named `column.<part>`.
inline constexpr std::array<std::string_view, 4> kDateParts = {"year", "month", "dayofweek", "days"};
inline constexpr size_t kDaysPart = 3;  // where the day count is: missing dates are filled from it
static_assert(kDateParts[kDaysPart] == "days");
// year, month (1–12), day of week (0 = Monday … 6 = Sunday, as pandas) and
// days since 1970-01-01, for a day count.
std::array<double, 4> date_parts(int64_t days);

}  // namespace xp::stdlib::csv
