#include "runtime/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "runtime/io/crash_point.h"

namespace xp::rt {
namespace {

namespace fs = std::filesystem;

std::string err(const char* step) { return fmt::format("{} failed: {}", step, std::strerror(errno)); }

// ".report.json.tmp-<pid>-<n>-<random>": unique per process and call, and
// hidden, so a listing of the run folder never shows it.
std::string temp_name(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  static const unsigned salt = std::random_device{}();
  return (target.parent_path() /
          fmt::format(".{}.tmp-{}-{}-{:08x}", target.filename().string(), ::getpid(), counter++, salt))
      .string();
}

bool write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

bool sync_folder(const std::string& dir, std::string& why) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    why = err("opening the folder to sync it");
    return false;
  }
  bool ok = ::fsync(fd) == 0 || errno == EINVAL;
  if (!ok) why = err("fsync of the folder");
  ::close(fd);
  return ok;
}

bool write_file_atomic(const std::string& path, std::string_view bytes, std::string& why) {
  const fs::path target(path);
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = temp_name(target);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    why = err("creating a temporary file");
    return false;
  }
  bool ok = write_all(fd, bytes);
  if (!ok) why = err("write");
  if (ok && ::fsync(fd) != 0) {
    why = err("fsync");
    ok = false;
  }
  if (::close(fd) != 0 && ok) {
    why = err("close");
    ok = false;
  }
  if (ok) crash_point("before-rename");
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    why = err("rename into place");
    ok = false;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  return sync_folder(target.parent_path().string(), why);
}

bool read_file(const std::string& path, std::string& out, std::string& why, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // O_NONBLOCK: opening a FIFO must not hang
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) why = std::strerror(errno);
  else if (S_ISDIR(st.st_mode)) why = "it is a folder, not a file", ok = false;
  else if (!S_ISREG(st.st_mode)) why = "it is not a regular file (a pipe, a device or a socket)", ok = false;
  else if (static_cast<uint64_t>(st.st_size) > max_bytes)
    why = fmt::format("it is {} bytes, more than the {} this reader accepts", st.st_size, max_bytes), ok = false;
  if (ok) {
    out.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < out.size()) {
      ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        why = std::strerror(errno);
        ok = false;
        break;
      }
      if (n == 0) break;  // shrank while we read: keep what is there
      got += static_cast<size_t>(n);
    }
    out.resize(got);
  }
  ::close(fd);
  return ok;
}

}  // namespace xp::rt
