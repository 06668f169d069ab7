#include "cli/report_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/folder_names.h"
#include "runtime/report/report_schema.h"
#include "runtime/run/run_folder.h"

namespace xp::cli {
namespace {

// Why a folder has no report.json: a run folder whose run ended before its
// report (stopped, crashed, or refused after its work began: its report is
// written last, docs/reliability.md) says what continues it; any other
// folder is not a run folder.
std::string why_no_report(const std::string& path) {
  std::error_code ec;
  bool run_files = false, study = false;
  for (const auto& name : folder_names(path, ec)) {
    run_files = run_files || rt::is_run_file(name);
    study = study || name == "study.db";
  }
  if (study)
    return fmt::format("{0} has no report.json: its run ended before writing it (killed, crashed, or stopped by an error)\n"
                       "  help: `exp run SCRIPT --out {0} --resume` continues its study", path);
  if (run_files)
    return fmt::format("{0} has no report.json: its run ended before writing it (killed, crashed, or stopped by an error)\n"
                       "  help: `exp run SCRIPT --out {0} --force` runs it again there", path);
  return fmt::format("{} has no report.json (is it a run folder written by `exp run`?)", path);
}

}  // namespace

std::optional<nlohmann::json> load_report(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = path;
  if (fs::is_directory(file, ec)) file /= "report.json";
  if (!fs::exists(file, ec)) {
    error = fs::is_directory(path, ec) ? why_no_report(path) : fmt::format("{} does not exist", path);
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
