#include "cli/report_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "runtime/report/report_schema.h"

namespace xp::cli {

std::optional<nlohmann::json> load_report(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = path;
  if (fs::is_directory(file, ec)) file /= "report.json";
  if (!fs::exists(file, ec)) {
    error = fs::is_directory(path, ec) ? fmt::format("{} has no report.json (is it a run folder written by `exp run`?)", path)
                                       : fmt::format("{} does not exist", path);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = fmt::format("cannot read {}", file.string());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json report = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) {
    if (file.filename() == "report.json") {
      error = fmt::format("{} is not valid JSON (a damaged report?)", file.string());
      return std::nullopt;
    }
    // trials.csv, model.expm …: the user pointed at the wrong file.
    error = fmt::format("{} is not a report: `exp show` reads a run folder, or the report.json in it", file.string());
    fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    if (fs::exists(folder / "report.json", ec)) error += fmt::format("\n  help: exp show {}", folder.string());
    return std::nullopt;
  }
  auto problems = rt::report::validate(report);
  if (!problems.empty()) {
    error = fmt::format("{} does not follow the report schema {}:", file.string(), rt::report::kSchema);
    size_t shown = 0;
    for (const auto& p : problems) {
      if (shown++ == 8) {
        error += fmt::format("\n  … and {} more", problems.size() - 8);
        break;
      }
      error += "\n  " + p;
    }
    return std::nullopt;
  }
  return report;
}

}  // namespace xp::cli
