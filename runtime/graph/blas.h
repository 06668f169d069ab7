#pragma once
// The library behind Eigen's matrix products: OpenBLAS's sgemm (EIGEN_USE_BLAS)
// where it is installed and its kernels fit the CPU, Eigen's own GEMM
// otherwise or with -DEXP_BLAS=eigen (cmake/blas.cmake, docs/performance.md).
#include <string>

namespace xp::rt {

// Once per process, before the first product: OpenBLAS computes on the
// calling thread only. exp runs trials in parallel itself; a BLAS thread pool
// under each trial would oversubscribe the cores and make a step's cost
// depend on what the other trials do. Does nothing in an Eigen build.
void use_single_threaded_blas();

// "Eigen" or "OpenBLAS (Cooperlake kernels)": which code multiplies matrices
// (`exp --version` shows it). When OpenBLAS's kernels do not fit this CPU
// (blas_fit.h), it says so: "OpenBLAS (Haswell kernels; the CPU has AVX-512,
// which they do not use: …)".
std::string matrix_backend();

}  // namespace xp::rt
