#include "runtime/graph/blas.h"

#ifdef EXP_BLAS_OPENBLAS
#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>

// Eigen's own declarations of the BLAS routines it calls under
// EIGEN_USE_BLAS, so the definitions below are checked against them.
#include <Eigen/src/misc/blas.h>

#include "runtime/graph/blas_fit.h"
#endif

namespace xp::rt {

#ifdef EXP_BLAS_OPENBLAS
namespace {

// OpenBLAS is opened on the first matrix product, not linked: loading it
// (every CPU's kernels, its CPU detection, its thread pool) cost every exp
// process ~3.5 ms of CPU before main (docs/performance.md), and most
// commands (check, fmt, show, help, the LSP) multiply no matrices. Eigen's
// products call ?gemm_ and ?gemv_ (EIGEN_USE_BLAS); those are defined below
// and forward to the library (a BLAS routine Eigen calls that is missing
// here fails the link, not a run).
struct OpenBlas {
  decltype(&sgemm_) sgemm = nullptr;
  decltype(&sgemv_) sgemv = nullptr;
  decltype(&dgemm_) dgemm = nullptr;  // double products (the tests' references, a least-squares fit)
  decltype(&dgemv_) dgemv = nullptr;
  char* (*corename)() = nullptr;
  void (*set_num_threads)(int) = nullptr;
  std::string path;  // the file the functions came from
};

// OpenBLAS's pthread variant starts a pool of (cores - 1) threads when it is
// loaded, and each spins in sched_yield for a while before it sleeps, though
// set_num_threads(1) below means it never gets work: on two cores that spinner
// took ~4,000 yields' worth of a core from every run, and half a core from a
// `--parallel 2` study's second worker. With the variable set before the load
// the pool is never made. Set before main, while the process has one thread
// (setenv beside a concurrent getenv is a race); exp multiplies on one thread
// whatever the variable said, so overriding a user's value changes nothing else.
[[maybe_unused]] const bool kOpenBlasWithoutPool = [] {
  setenv("OPENBLAS_NUM_THREADS", "1", 1);
  return true;
}();

// Debian's libopenblas0 (pthread or serial variant, chosen by alternatives).
constexpr const char* kOpenBlas = "libopenblas.so.0";

OpenBlas open_openblas() {
  void* lib = dlopen(kOpenBlas, RTLD_NOW | RTLD_LOCAL);  // kept open for the process's life
  if (!lib) {
    const char* why = dlerror();
    throw std::runtime_error(std::string("this exp was built to multiply matrices with OpenBLAS, but ") +
                             (why ? why : kOpenBlas) +
                             ": install Debian's libopenblas0, or rebuild with EXP_BLAS=eigen (docs/performance.md)");
  }
  OpenBlas f;
  f.sgemm = reinterpret_cast<decltype(f.sgemm)>(dlsym(lib, "sgemm_"));
  f.sgemv = reinterpret_cast<decltype(f.sgemv)>(dlsym(lib, "sgemv_"));
  f.dgemm = reinterpret_cast<decltype(f.dgemm)>(dlsym(lib, "dgemm_"));
  f.dgemv = reinterpret_cast<decltype(f.dgemv)>(dlsym(lib, "dgemv_"));
  f.corename = reinterpret_cast<decltype(f.corename)>(dlsym(lib, "openblas_get_corename"));
  f.set_num_threads = reinterpret_cast<decltype(f.set_num_threads)>(dlsym(lib, "openblas_set_num_threads"));
  if (!f.sgemm || !f.sgemv || !f.dgemm || !f.dgemv || !f.corename || !f.set_num_threads)
    throw std::runtime_error(std::string(kOpenBlas) + " lacks a ?gemm_, ?gemv_ or openblas_* function: is it OpenBLAS?");
  Dl_info where{};
  if (dladdr(reinterpret_cast<void*>(f.sgemm), &where) != 0 && where.dli_fname) f.path = where.dli_fname;
  // exp runs trials in parallel itself; a BLAS thread pool under each trial
  // would oversubscribe the cores and make a step's cost depend on what the
  // other trials do.
  f.set_num_threads(1);
  return f;
}

const OpenBlas& openblas() {
  static const OpenBlas lib = open_openblas();  // once, thread-safe; a failure is retried on the next call
  return lib;
}

}  // namespace
#endif

std::string matrix_backend() {
#ifdef EXP_BLAS_OPENBLAS
  // The build chose OpenBLAS on a CPU its kernels fit (cmake/blas.cmake), but
  // the binary may run elsewhere, or be built with -DEXP_BLAS=openblas: say so
  // when the kernels picked at load time do not fit this CPU.
  const char* core = nullptr;
  try {
    core = openblas().corename();
  } catch (const std::exception& e) {
    return std::string("OpenBLAS, not loadable: ") + e.what();
  }
  const std::string misfit = openblas_kernel_misfit(core, this_cpu_vectors());
  if (!misfit.empty()) return std::string("OpenBLAS (") + core + " kernels; " + misfit + ")";
  return std::string("OpenBLAS (") + core + " kernels)";
#else
  return "Eigen";
#endif
}

std::string matrix_library_file() {
#ifdef EXP_BLAS_OPENBLAS
  return openblas().path;
#else
  return "";
#endif
}

}  // namespace xp::rt

#ifdef EXP_BLAS_OPENBLAS
// What Eigen's products call (EIGEN_USE_BLAS), forwarded to the library.
extern "C" int sgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const float* alpha,
                      const float* a, const int* lda, const float* b, const int* ldb, const float* beta, float* c,
                      const int* ldc) {
  return xp::rt::openblas().sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

extern "C" int sgemv_(const char* t, const int* m, const int* n, const float* alpha, const float* a, const int* lda,
                      const float* x, const int* incx, const float* beta, float* y, const int* incy) {
  return xp::rt::openblas().sgemv(t, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

extern "C" int dgemm_(const char* ta, const char* tb, const int* m, const int* n, const int* k, const double* alpha,
                      const double* a, const int* lda, const double* b, const int* ldb, const double* beta, double* c,
                      const int* ldc) {
  return xp::rt::openblas().dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

extern "C" int dgemv_(const char* t, const int* m, const int* n, const double* alpha, const double* a, const int* lda,
                      const double* x, const int* incx, const double* beta, double* y, const int* incy) {
  return xp::rt::openblas().dgemv(t, m, n, alpha, a, lda, x, incx, beta, y, incy);
}
#endif
