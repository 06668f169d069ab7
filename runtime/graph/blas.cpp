#include "runtime/graph/blas.h"

#include <mutex>

#ifdef EXP_BLAS_OPENBLAS
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
  return std::string("OpenBLAS (") + openblas_get_corename() + " kernels)";
#else
  return "Eigen";
#endif
}

}  // namespace xp::rt
