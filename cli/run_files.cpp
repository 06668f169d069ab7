#include "cli/run_files.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "runtime/report/html.h"

namespace xp::cli {

void write_report_html(const rt::RunResult& result) {
  if (result.report_path.empty() || result.report.is_null() || result.out_dir.empty()) return;
  std::string path = (std::filesystem::path(result.out_dir) / "report.html").string();
  std::string error;
  if (!rt::report::write_html(result.report, path, error)) fmt::print(stderr, "warning: {}\n", error);
}

}  // namespace xp::cli
