// LD_PRELOAD shim that fails the N-th heap allocation, for the
// allocation-failure sweep (alloc_sweep.py, docs/reliability.md) — SQLite's
// OOM test, applied to a whole process.
//
//   FAIL_MALLOC_N=N        the N-th allocation after main starts fails (1-based; 0 = none, count only)
//   FAIL_MALLOC_COUNT=FILE at exit, the number of allocations counted is written here
//   FAIL_MALLOC_TRACE=FILE the stack of the failing allocation is written here (alloc_sweep.py
//                          shows it for a run that aborted: what did not handle the failure)
//
// Counted: malloc, calloc, realloc (to a non-zero size), posix_memalign,
// aligned_alloc, memalign, valloc — so operator new (which calls malloc) and
// Eigen, SQLite and the standard library alike. Only one allocation fails
// (SQLite's "transient" mode): the program's handling of that failure is what
// is tested, and it needs memory to print its message.
//
// Counting starts when main does, not before: the dynamic loader and static
// constructors run before any code of exp could handle a failure (a failed
// allocation there is a crash no program can prevent). main is wrapped by
// interposing __libc_start_main.
//
// The real allocator is reached through glibc's __libc_* entry points, not
// dlsym (which itself allocates).
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {

std::atomic<bool> armed{false};
std::atomic<long> counted{0};
long fail_at = 0;
const char* trace_path = nullptr;

void failmalloc_trace() {
  armed = false;  // backtrace() may allocate (it loads libgcc the first time)
  void* frames[64];
  int n = backtrace(frames, 64);
  int fd = open(trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) {
    backtrace_symbols_fd(frames, n, fd);
    close(fd);
  }
  armed = true;
}

// True when this allocation is the one to fail.
bool failmalloc_hit() {
  if (!armed.load(std::memory_order_relaxed)) return false;
  long k = counted.fetch_add(1, std::memory_order_relaxed) + 1;
  if (fail_at > 0 && k == fail_at) {
    if (trace_path) failmalloc_trace();
    errno = ENOMEM;
    return true;
  }
  return false;
}

__attribute__((destructor)) void failmalloc_fini() {
  armed = false;
  const char* path = getenv("FAIL_MALLOC_COUNT");
  if (!path) return;
  FILE* f = fopen(path, "w");
  if (!f) return;
  std::fprintf(f, "%ld\n", counted.load());
  fclose(f);
}

using MainFn = int (*)(int, char**, char**);
MainFn real_main = nullptr;

int failmalloc_main(int argc, char** argv, char** envp) {
  const char* n = getenv("FAIL_MALLOC_N");
  fail_at = n ? atol(n) : 0;
  trace_path = getenv("FAIL_MALLOC_TRACE");
  armed = true;
  int rc = real_main(argc, argv, envp);
  armed = false;  // exit handlers and the count file are not under test
  return rc;
}

}  // namespace

extern "C" {

void* malloc(size_t n) { return failmalloc_hit() ? nullptr : __libc_malloc(n); }
void* calloc(size_t k, size_t n) { return failmalloc_hit() ? nullptr : __libc_calloc(k, n); }
void* realloc(void* p, size_t n) {
  if (n != 0 && failmalloc_hit()) return nullptr;
  return __libc_realloc(p, n);
}
void* memalign(size_t a, size_t n) { return failmalloc_hit() ? nullptr : __libc_memalign(a, n); }
void* aligned_alloc(size_t a, size_t n) { return failmalloc_hit() ? nullptr : __libc_memalign(a, n); }
void* valloc(size_t n) { return failmalloc_hit() ? nullptr : __libc_memalign(static_cast<size_t>(sysconf(_SC_PAGESIZE)), n); }
int posix_memalign(void** out, size_t a, size_t n) {
  if (a < sizeof(void*) || (a & (a - 1)) != 0) return EINVAL;
  if (failmalloc_hit()) return ENOMEM;
  void* p = __libc_memalign(a, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

// glibc calls this with the program's main; we hand it a wrapper that arms the counter.
int __libc_start_main(MainFn main, int argc, char** argv, void (*init)(), void (*fini)(), void (*rtld_fini)(),
                      void* stack_end) {
  using Start = int (*)(MainFn, int, char**, void (*)(), void (*)(), void (*)(), void*);
  auto real_start = reinterpret_cast<Start>(dlsym(RTLD_NEXT, "__libc_start_main"));
  real_main = main;
  return real_start(failmalloc_main, argc, argv, init, fini, rtld_fini, stack_end);
}

}  // extern "C"
