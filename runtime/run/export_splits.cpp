#include "runtime/run/export_splits.h"

#include <filesystem>

#include <fmt/format.h>

#include "stdlib/csv.h"

#include "runtime/data/preprocess.h"
#include "runtime/core/run_errors.h"
#include "runtime/run/run_folder.h"

namespace xp::rt {

std::string part_csv(const Part& part, const DataInfo& info) {
  std::string out;
  for (const auto& name : info.feature_names) out += stdlib::csv::field(name) + ",";
  if (part.Y.cols() <= 1) {
    out += "target\n";
  } else {
    for (Eigen::Index j = 0; j < part.Y.cols(); ++j) out += fmt::format("target{},", j);
    out.back() = '\n';
  }
  Matrix y = part.Y;  // targets in their own units, as a reference library would fit them
  to_target_units(part.target, y);
  for (Eigen::Index i = 0; i < part.X.rows(); ++i) {
    for (Eigen::Index j = 0; j < part.X.cols(); ++j) out += fmt::format("{},", part.X(i, j));
    for (Eigen::Index j = 0; j < y.cols(); ++j) out += fmt::format("{},", y(i, j));
    out.back() = '\n';
  }
  return out;
}

bool export_splits(const PreparedData& data, const std::string& dir, Diagnostics& diags) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    diags.report(run_diag::unwritable(dir, ec.message()));
    return false;
  }
  const std::pair<const char*, const Part*> parts[] = {{"train", &data.train}, {"val", &data.val}, {"test", &data.test}};
  for (const auto& [name, part] : parts) {
    std::string path = (std::filesystem::path(dir) / fmt::format("{}.{}.csv", data.info.name, name)).string();
    std::string why;
    if (!write_file_atomic(path, part_csv(*part, data.info), why)) {
      diags.report(run_diag::unwritable(path, why));
      return false;
    }
  }
  return true;
}

}  // namespace xp::rt
