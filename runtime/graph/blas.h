#pragma once
// The library behind Eigen's matrix products: OpenBLAS's sgemm (EIGEN_USE_BLAS)
// where it is installed and its kernels fit the CPU, Eigen's own GEMM
// otherwise or with -DEXP_BLAS=eigen (cmake/blas.cmake, docs/performance.md).
#include <string>

namespace xp::rt {

// OpenBLAS is opened on the first product (blas.cpp says why) and set to
// compute on the calling thread only: exp runs trials in parallel itself.

// "Eigen" or "OpenBLAS (Cooperlake kernels)": which code multiplies matrices
// (`exp --version` shows it). When OpenBLAS's kernels do not fit this CPU
// (blas_fit.h), it says so: "OpenBLAS (Haswell kernels; the CPU has AVX-512,
// which they do not use: …)".
std::string matrix_backend();

// The file the products' sgemm comes from (an OpenBLAS build: the library,
// opened if it was not yet); "" in an Eigen build.
std::string matrix_library_file();

}  // namespace xp::rt
