#pragma once
// A path as the user would type it from the working folder: relative when it
// lies under it (report.json keeps the absolute one), absolute otherwise. The
// console report and `exp runs` show scripts and run folders this way, so a
// table does not widen with where a checkout lives.
#include <string>

namespace xp::cli {

std::string shown_path(const std::string& path);

}  // namespace xp::cli
