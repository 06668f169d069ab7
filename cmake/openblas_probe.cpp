// Run once at configure time by cmake/blas.cmake: prints the kernels OpenBLAS
// picks on this machine and, if they do not fit its CPU, why; exits 0 when
// they fit (runtime/graph/blas_fit.h).
#include <cstdio>

#include "runtime/graph/blas_fit.h"

extern "C" char* openblas_get_corename(void);

int main() {
  const char* core = openblas_get_corename();
  const std::string misfit = xp::rt::openblas_kernel_misfit(core, xp::rt::this_cpu_vectors());
  std::printf("%s\n%s", core, misfit.c_str());
  return misfit.empty() ? 0 : 1;
}
