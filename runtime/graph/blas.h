#pragma once
// The library behind Eigen's matrix products: Eigen's own GEMM by default,
// OpenBLAS's sgemm in a -DEXP_BLAS=openblas build (EIGEN_USE_BLAS;
// docs/performance.md).
#include <string>

namespace xp::rt {

// Once per process, before the first product: OpenBLAS computes on the
// calling thread only. exp runs trials in parallel itself; a BLAS thread pool
// under each trial would oversubscribe the cores and make a step's cost
// depend on what the other trials do. Does nothing in an Eigen build.
void use_single_threaded_blas();

// "Eigen" or "OpenBLAS (Cooperlake kernels)": which code multiplies matrices.
std::string matrix_backend();

}  // namespace xp::rt
