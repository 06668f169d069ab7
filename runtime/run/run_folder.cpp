#include "runtime/run/run_folder.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/run/run_errors.h"

namespace xp::rt {

namespace fs = std::filesystem;

bool write_file_atomic(const std::string& path, const std::string& bytes, std::string& why) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      why = std::strerror(errno);
      return false;
    }
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f) {
      why = "write failed (disk full?)";
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    why = ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

bool read_file(const std::string& path, std::string& out, std::string& why) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    why = std::strerror(errno);
    return false;
  }
  std::ostringstream s;
  s << f.rdbuf();
  out = s.str();
  return true;
}

bool RunFolder::open(const std::string& dir, Diagnostics& diags) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  if (!ec) fs::create_directories(p, ec);
  if (ec || !fs::is_directory(p)) {
    diags.report(run_diag::unwritable(dir, ec ? ec.message() : "not a folder"));
    return false;
  }
  dir_ = p.lexically_normal().string();
  if (!dir_.empty() && dir_.back() == '/') dir_.pop_back();
  return true;
}

std::string RunFolder::file(const std::string& name) const { return (fs::path(dir_) / name).string(); }

bool RunFolder::write(const std::string& name, const std::string& bytes, Diagnostics& diags) const {
  std::string why;
  if (write_file_atomic(file(name), bytes, why)) return true;
  diags.report(run_diag::unwritable(file(name), why));
  return false;
}

bool RunFolder::copy_to(const std::string& dest, Diagnostics& diags) const {
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) {
    diags.report(run_diag::unwritable(dest, ec.message()));
    return false;
  }
  if (fs::equivalent(dest, dir_, ec)) return true;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0) continue;
    if (name.find("study.db-") == 0) continue;  // SQLite's WAL/SHM side files
    fs::copy_file(entry.path(), fs::path(dest) / name, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      diags.report(run_diag::unwritable((fs::path(dest) / name).string(), ec.message()));
      return false;
    }
  }
  return true;
}

}  // namespace xp::rt
