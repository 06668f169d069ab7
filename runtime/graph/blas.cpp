#include "runtime/graph/blas.h"

#include <mutex>

#ifdef EXP_BLAS_OPENBLAS
#include "runtime/graph/blas_fit.h"

extern "C" {
void openblas_set_num_threads(int);
char* openblas_get_corename(void);
}
#endif

namespace xp::rt {

void use_single_threaded_blas() {
#ifdef EXP_BLAS_OPENBLAS
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
#endif
}

std::string matrix_backend() {
#ifdef EXP_BLAS_OPENBLAS
  // The build chose OpenBLAS on a CPU its kernels fit (cmake/blas.cmake), but
  // the binary may run elsewhere, or be built with -DEXP_BLAS=openblas: say so
  // when the kernels picked at load time do not fit this CPU.
  const char* core = openblas_get_corename();
  const std::string misfit = openblas_kernel_misfit(core, this_cpu_vectors());
  if (!misfit.empty()) return std::string("OpenBLAS (") + core + " kernels; " + misfit + ")";
  return std::string("OpenBLAS (") + core + " kernels)";
#else
  return "Eigen";
#endif
}

}  // namespace xp::rt
