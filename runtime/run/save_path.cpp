#include "runtime/run/save_path.h"

#include "base/folder_names.h"

#include <filesystem>

#include "runtime/core/run_errors.h"
#include "runtime/run/run_folder.h"

namespace xp::rt {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxPath = 4096;

bool under(const fs::path& p, const fs::path& dir) {
  const fs::path rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

bool system_folder(const fs::path& p) {
  static const char* kSystem[] = {"/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc",
                                  "/run", "/sbin", "/sys", "/usr", "/var", "/snap", "/srv", "/opt"};
  if (p == p.root_path()) return true;
  for (const char* s : kSystem)
    if (p == s || under(p, s)) return !under(p, "/var/tmp");
  return false;
}

}  // namespace

std::string save_path_problem(const ir::ReportSpec& spec, const std::string& script_dir) {
  const std::string& text = spec.save_text.empty() ? spec.save_path : spec.save_text;
  if (text.empty()) return "the path is empty";
  if (text.find('\0') != std::string::npos) return "the path holds a NUL byte";
  if (text.size() > kMaxPath) return "the path is longer than 4096 bytes";
  std::error_code ec;
  const fs::path written(text);
  const fs::path base = fs::weakly_canonical(script_dir.empty() ? fs::current_path(ec) : fs::path(script_dir), ec);
  const fs::path lexical = (written.is_absolute() ? written : base / written).lexically_normal();
  const fs::path real = fs::weakly_canonical(lexical, ec);
  if (ec) return "it cannot be resolved: " + ec.message();
  if (written.is_relative()) {
    if (!under(lexical, base) || lexical == base)
      return lexical == base ? "it is the script's own folder" : "it leads out of the script's folder";
    if (!under(real, base)) return "it leads out of the script's folder through a symbolic link";
  }
  if (system_folder(real) || system_folder(lexical)) return "it is the root or a system folder";
  if (fs::exists(real, ec)) {
    if (!fs::is_directory(real, ec)) return "it names a file, not a folder";
    bool empty = true, ours = false;
    for (const auto& name : folder_names(real, ec)) {
      empty = false;
      if (name == "report.json" || name == "model.expm") ours = true;
      std::error_code type_ec;
      if (is_run_file(name) && !fs::is_regular_file(real / name, type_ec))
        return "`" + name + "` there is not a regular file";
    }
    if (!empty && !ours) return "the folder holds files exp did not write";
  }
  return "";
}

bool check_save_paths(const ir::Program& program, Diagnostics& diags) {
  bool ok = true;
  for (const auto& r : program.reports) {
    if (r.save_path.empty() && r.save_text.empty()) continue;
    std::string why = save_path_problem(r, program.script_dir);
    if (why.empty()) continue;
    Diagnostic d = run_diag::bad_save_path(r.save_text.empty() ? r.save_path : r.save_text, why);
    d.span = r.save_span.valid() ? r.save_span : r.span;
    diags.report(std::move(d));
    ok = false;
  }
  return ok;
}

}  // namespace xp::rt
