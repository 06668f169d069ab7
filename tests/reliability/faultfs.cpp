// LD_PRELOAD shim that fails the N-th call of one I/O operation, for the
// fault-injection sweep (fault_sweep.py, docs/reliability.md).
//
//   FAULT_OP=write|fsync|rename|open   which calls are counted
//   FAULT_N=N                          the N-th of them fails (1-based; 0 = none, count only)
//   FAULT_ERRNO=EIO|ENOSPC             the error it fails with (default EIO)
//   FAULT_COUNT=FILE                   at exit, the number of counted calls is written here
//
// Counted: write/pwrite/pwrite64/writev to descriptors above 2 (not the
// terminal), fsync/fdatasync, rename/renameat, and open/openat that create or
// write. The count is process-wide and thread-safe; faults hit SQLite, the
// atomic writer and every other path alike, as a full disk would.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long> counted{0};
int op_kind = -1;  // 0 write, 1 fsync, 2 rename, 3 open
long fail_at = 0;
int fail_errno = EIO;

__attribute__((constructor)) void faultfs_init() {
  const char* op = getenv("FAULT_OP");
  const char* n = getenv("FAULT_N");
  const char* e = getenv("FAULT_ERRNO");
  if (op) {
    if (!strcmp(op, "write")) op_kind = 0;
    else if (!strcmp(op, "fsync")) op_kind = 1;
    else if (!strcmp(op, "rename")) op_kind = 2;
    else if (!strcmp(op, "open")) op_kind = 3;
  }
  fail_at = n ? atol(n) : 0;
  if (e && !strcmp(e, "ENOSPC")) fail_errno = ENOSPC;
}

__attribute__((destructor)) void faultfs_fini() {
  const char* path = getenv("FAULT_COUNT");
  if (!path) return;
  FILE* f = fopen(path, "w");
  if (!f) return;
  std::fprintf(f, "%ld\n", counted.load());
  fclose(f);
}

// 1 when this call of `kind` is the one to fail.
int hit(int kind) {
  if (kind != op_kind) return 0;
  long k = counted.fetch_add(1) + 1;
  if (fail_at > 0 && k == fail_at) {
    errno = fail_errno;
    return 1;
  }
  return 0;
}

int writes(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT)) != 0; }

}  // namespace

#define REAL(name, ...) static auto real_##name = reinterpret_cast<__VA_ARGS__>(dlsym(RTLD_NEXT, #name))

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
  REAL(write, ssize_t (*)(int, const void*, size_t));
  if (fd > 2 && hit(0)) return -1;
  return real_write(fd, buf, n);
}
ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  REAL(pwrite, ssize_t (*)(int, const void*, size_t, off_t));
  if (fd > 2 && hit(0)) return -1;
  return real_pwrite(fd, buf, n, off);
}
ssize_t pwrite64(int fd, const void* buf, size_t n, off_t off) {
  REAL(pwrite64, ssize_t (*)(int, const void*, size_t, off_t));
  if (fd > 2 && hit(0)) return -1;
  return real_pwrite64(fd, buf, n, off);
}
ssize_t writev(int fd, const struct iovec* iov, int cnt) {
  REAL(writev, ssize_t (*)(int, const struct iovec*, int));
  if (fd > 2 && hit(0)) return -1;
  return real_writev(fd, iov, cnt);
}
int fsync(int fd) {
  REAL(fsync, int (*)(int));
  if (hit(1)) return -1;
  return real_fsync(fd);
}
int fdatasync(int fd) {
  REAL(fdatasync, int (*)(int));
  if (hit(1)) return -1;
  return real_fdatasync(fd);
}
int rename(const char* a, const char* b) {
  REAL(rename, int (*)(const char*, const char*));
  if (hit(2)) return -1;
  return real_rename(a, b);
}
int renameat(int da, const char* a, int db, const char* b) {
  REAL(renameat, int (*)(int, const char*, int, const char*));
  if (hit(2)) return -1;
  return real_renameat(da, a, db, b);
}

int open(const char* path, int flags, ...) {
  REAL(open, int (*)(const char*, int, ...));
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = static_cast<mode_t>(va_arg(ap, int));
    va_end(ap);
  }
  if (writes(flags) && hit(3)) return -1;
  return real_open(path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  REAL(open64, int (*)(const char*, int, ...));
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = static_cast<mode_t>(va_arg(ap, int));
    va_end(ap);
  }
  if (writes(flags) && hit(3)) return -1;
  return real_open64(path, flags, mode);
}
int openat(int dir, const char* path, int flags, ...) {
  REAL(openat, int (*)(int, const char*, int, ...));
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = static_cast<mode_t>(va_arg(ap, int));
    va_end(ap);
  }
  if (writes(flags) && hit(3)) return -1;
  return real_openat(dir, path, flags, mode);
}

}  // extern "C"
