#include "runtime/run/run_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>
#include <string>
#include <memory>

#include <fmt/format.h>

#include "base/folder_names.h"
#include "runtime/core/run_errors.h"

namespace xp::rt {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = ".lock";

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// "pid 4242 on host lab7", as the holder wrote it into the lock file.
std::string lock_holder(int fd) {
  char buf[512] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s.empty() ? "another process" : s;
}

bool holds_run(const fs::path& dir) {
  std::error_code ec;
  for (const auto& name : folder_names(dir, ec))
    if (is_run_file(name)) return true;
  return false;
}

// mkdir of the last component only: two runs started in the same second
// race here, and exactly one of them wins each name.
bool claim(fs::path& dir, std::error_code& ec) {
  fs::create_directories(dir.parent_path(), ec);
  if (ec) return false;
  const fs::path base = dir;
  for (int n = 1; n < 1000; ++n) {
    dir = n == 1 ? base : fs::path(fmt::format("{}-{}", base.string(), n));
    if (::mkdir(dir.c_str(), 0755) == 0) return true;
    if (errno != EEXIST) {
      ec = std::error_code(errno, std::generic_category());
      return false;
    }
  }
  ec = std::make_error_code(std::errc::file_exists);
  return false;
}

}  // namespace

bool is_run_file(const std::string& name) {
  static const char* kFiles[] = {"report.json", "report.html", "model.expm", "study.db", "trials.csv", "script.exp"};
  for (const char* f : kFiles)
    if (name == f) return true;
  auto named = [&](const char* prefix, const char* suffix) {  // model.<name>.expm, trials.<name>.csv, predictions_….csv
    const size_t p = std::strlen(prefix), q = std::strlen(suffix);
    return name.size() > p + q && name.rfind(prefix, 0) == 0 && name.compare(name.size() - q, q, suffix) == 0;
  };
  return named("model.", ".expm") || named("trials.", ".csv") || named("predictions_", ".csv");
}

RunFolder::~RunFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
}

bool RunFolder::open(const std::string& dir, const FolderMode& mode, Diagnostics& diags) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  if (!ec) {
    if (mode.claim_new) {
      created_ = claim(p, ec);
    } else {
      std::error_code exists_ec;
      created_ = !fs::exists(p, exists_ec) && !exists_ec;
      fs::create_directories(p, ec);
    }
  }
  if (ec || !fs::is_directory(p)) {
    diags.report(run_diag::unwritable(dir, ec ? ec.message() : "not a folder"));
    return false;
  }
  dir_ = p.string();

  const std::string lock_path = file(kLockName);
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    diags.report(run_diag::unwritable(lock_path, std::strerror(errno)));
    return false;
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    diags.report(run_diag::folder_in_use(dir_, lock_holder(lock_fd_)));
    ::close(lock_fd_);
    lock_fd_ = -1;
    return false;
  }
  std::string me = fmt::format("pid {} on host {}\n", ::getpid(), hostname());
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
    diags.report(run_diag::unwritable(lock_path, std::strerror(errno)));
    return false;
  }
  // Temporaries a killed run left between write and rename: no one else
  // writes here while we hold the lock, so every one of them is stale.
  for (const auto& name : folder_names(p, ec))
    if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) fs::remove(p / name, ec);
  if (!mode.resume && !mode.force && holds_run(p)) {
    diags.report(run_diag::folder_has_run(dir_));
    return false;
  }
  return true;
}

bool RunFolder::abandon() {
  if (lock_fd_ < 0 || !created_) return false;
  std::error_code ec;
  const auto names = folder_names(dir_, ec);
  if (ec) return false;
  auto ours = [](const std::string& name) {
    return name == "script.exp" || name == kLockName || (name[0] == '.' && name.find(".tmp-") != std::string::npos);
  };
  for (const auto& name : names)
    if (!ours(name)) return false;  // the run's work, or something not ours: keep the folder
  for (const auto& name : names)
    if (name != kLockName) ::unlink(file(name).c_str());
  // The lock goes last, while still held: no other run can start here in between.
  ::unlink(file(kLockName).c_str());
  ::close(lock_fd_);
  lock_fd_ = -1;
  return ::rmdir(dir_.c_str()) == 0;  // fails, and keeps the folder, if anything appeared meanwhile
}

std::string RunFolder::file(const std::string& name) const { return (fs::path(dir_) / name).string(); }

bool RunFolder::write(const std::string& name, const std::string& bytes, Diagnostics& diags) const {
  std::string why;
  if (write_file_atomic(file(name), bytes, why)) return true;
  diags.report(run_diag::unwritable(file(name), why));
  return false;
}

bool RunFolder::retract_report(Diagnostics& diags) const {
  for (const char* name : {"report.json", "report.html"}) {
    if (::unlink(file(name).c_str()) != 0 && errno != ENOENT) {
      diags.report(run_diag::unwritable(file(name), std::strerror(errno)));
      return false;
    }
  }
  std::string why;
  if (sync_folder(dir_, why)) return true;
  diags.report(run_diag::unwritable(dir_, why));
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
  for (const auto& name : folder_names(dir_, ec)) {
    const fs::path from = fs::path(dir_) / name;
    // Only the run's own files: not the lock, temporaries or SQLite's side files.
    std::error_code type_ec;
    if (!is_run_file(name) || !fs::is_regular_file(from, type_ec)) continue;
    std::string bytes, why;
    const std::string to = (fs::path(dest) / name).string();
    if (!read_file(from.string(), bytes, why) || !write_file_atomic(to, bytes, why)) {
      diags.report(run_diag::unwritable(to, why));
      return false;
    }
  }
  if (ec) {
    diags.report(run_diag::unwritable(dir_, ec.message()));
    return false;
  }
  return true;
}

}  // namespace xp::rt
