// The matrix products the kernels compute (runtime/graph/ops_linalg.cpp),
// written the way the kernels write them — Maps over row-major float buffers,
// noalias(), `=` and `+=` — against a double-precision triple loop. In an
// OpenBLAS build (cmake/blas.cmake) each goes to sgemm_/sgemv_ with its own
// transpose flags and leading dimensions, so a wrong flag, a mis-linked BLAS
// or a broken kernel fails here; in an Eigen build the same test checks
// Eigen's GEMM. Also the rule that decides whether OpenBLAS's kernels fit the
// CPU (runtime/graph/blas_fit.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "runtime/graph/blas.h"
#include "runtime/graph/blas_fit.h"
#include "runtime/graph/kernel.h"

using namespace xp::rt;

namespace blas_check {

// A row-major rows × cols operand with entries in [-1, 1), from a seed.
struct Operand {
  int64_t rows, cols;
  std::vector<float> data;
  Operand(int64_t r, int64_t c, unsigned seed) : rows(r), cols(c), data(static_cast<size_t>(r * c)) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (float& x : data) x = u(gen);
  }
  static Operand zeros(int64_t r, int64_t c) {
    Operand z(r, c, 0u);
    std::fill(z.data.begin(), z.data.end(), 0.f);
    return z;
  }
  float at(int64_t i, int64_t j, bool transposed) const {
    return transposed ? data[static_cast<size_t>(j * cols + i)] : data[static_cast<size_t>(i * cols + j)];
  }
  MatrixMap map() { return MatrixMap(data.data(), rows, cols); }
};

// Checks C (as computed) against start + op(A)·op(B) in double, entry by entry,
// within float rounding of a k-term sum: k · 2⁻²³ · Σ|a||b| (plus |start|'s ulp).
void check_product(const Operand& C, const Operand& start, const Operand& A, bool ta, const Operand& B, bool tb) {
  const int64_t n = C.rows, m = C.cols, k = ta ? A.rows : A.cols;
  int64_t bad = 0;
  double worst = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < m; ++j) {
      double sum = start.at(i, j, false), magnitude = std::fabs(sum);
      for (int64_t p = 0; p < k; ++p) {
        const double term = double(A.at(i, p, ta)) * double(B.at(p, j, tb));
        sum += term;
        magnitude += std::fabs(term);
      }
      const double error = std::fabs(double(C.at(i, j, false)) - sum);
      const double tolerance = double(k + 1) * 1.2e-7 * magnitude + 1e-30;
      worst = std::max(worst, error / tolerance);
      if (error > tolerance) ++bad;
    }
  INFO("entries off by more than rounding: ", bad, " of ", n * m, "; worst error / tolerance ", worst);
  CHECK(bad == 0);
}

}  // namespace blas_check

// The shapes (n rows, k inner, m out): odd and tiny ones (edge handling; m = 1
// is a vector right operand, a GEMV), a digits-sized layer, and a
// bench/mlp-sized one (blocked, packed kernels).
TEST_CASE("matrix products as the kernels write them match a double-precision reference") {
  using blas_check::Operand;
  using blas_check::check_product;
  MESSAGE("matrix products: ", matrix_backend());
  const int64_t shapes[][3] = {{37, 53, 29}, {1, 7, 5}, {19, 23, 1}, {32, 64, 10}, {256, 128, 512}};
  unsigned seed = 1;
  for (const auto& shape : shapes) {
    const int64_t n = shape[0], k = shape[1], m = shape[2];
    CAPTURE(n);
    CAPTURE(k);
    CAPTURE(m);
    Operand A(n, k, seed++), W(k, m, seed++), G(n, m, seed++), Wt(m, k, seed++);
    const Operand none_nm = Operand::zeros(n, m), none_nk = Operand::zeros(n, k), none_km = Operand::zeros(k, m);
    {  // matmul forward: Y = A·W
      Operand Y(n, m, seed++);
      Y.map().noalias() = A.map() * W.map();
      check_product(Y, none_nm, A, false, W, false);
    }
    {  // affine forward: Y = bias rows, then Y += A·W
      Operand Y(n, m, seed++);
      const Operand start = Y;
      Y.map().noalias() += A.map() * W.map();
      check_product(Y, start, A, false, W, false);
    }
    {  // backward to the left operand: dA = G·Wᵀ, and accumulated
      Operand dA(n, k, seed++);
      const Operand start = dA;
      dA.map().noalias() += G.map() * W.map().transpose();
      check_product(dA, start, G, false, W, true);
      dA.map().noalias() = G.map() * W.map().transpose();
      check_product(dA, none_nk, G, false, W, true);
    }
    {  // backward to the right operand: dW = Aᵀ·G, and accumulated
      Operand dW(k, m, seed++);
      const Operand start = dW;
      dW.map().noalias() += A.map().transpose() * G.map();
      check_product(dW, start, A, true, G, false);
      dW.map().noalias() = A.map().transpose() * G.map();
      check_product(dW, none_km, A, true, G, false);
    }
    {  // a batched right operand: Y = V·Aᵀ (per example A·v)
      Operand Y(n, m, seed++);
      Y.map().noalias() = A.map() * Wt.map().transpose();
      check_product(Y, none_nm, A, false, Wt, true);
    }
  }
}

TEST_CASE("the library behind matrix products is the one the build chose") {
  const std::string backend = matrix_backend();
#ifdef EXP_BLAS_OPENBLAS
  CHECK(backend.rfind("OpenBLAS (", 0) == 0);
  // The sgemm the products forward to (blas.cpp opens the library on the
  // first product) is OpenBLAS's, not the reference BLAS's or another
  // library's that happens to export the symbol.
  const std::string file = matrix_library_file();
  MESSAGE("sgemm_ from ", file);
  CHECK(file.find("openblas") != std::string::npos);
#else
  CHECK(backend == "Eigen");
  CHECK(matrix_library_file().empty());
#endif
}

#ifdef EXP_BLAS_OPENBLAS
TEST_CASE("opening OpenBLAS starts no thread pool beside the caller") {
  // Its pthread variant would start cores - 1 threads that spin in
  // sched_yield though exp never gives them work (blas.cpp sets
  // OPENBLAS_NUM_THREADS before main so they are never made).
  (void)matrix_backend();  // opens the library, if no earlier test did
  size_t threads = 0;
  for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) ++threads;
  CHECK(threads == 1);
}
#endif

TEST_CASE("OpenBLAS's kernels fit a CPU when they use its widest vectors") {
  CHECK(openblas_kernel_misfit("Cooperlake", CpuVectors::avx512).empty());
  CHECK(openblas_kernel_misfit("SkylakeX", CpuVectors::avx512).empty());
  CHECK(openblas_kernel_misfit("SAPPHIRERAPIDS", CpuVectors::avx512).empty());
  // OpenBLAS 0.3.21 on an AMD Zen 5: AVX2 kernels, slower than Eigen's AVX-512 GEMM
  const std::string zen5 = openblas_kernel_misfit("Haswell", CpuVectors::avx512);
  CHECK(zen5.find("AVX-512") != std::string::npos);
  CHECK(zen5.find("OPENBLAS_CORETYPE=SkylakeX") != std::string::npos);
  CHECK_FALSE(openblas_kernel_misfit("Zen", CpuVectors::avx512).empty());
  CHECK_FALSE(openblas_kernel_misfit("Prescott", CpuVectors::avx512).empty());
  CHECK(openblas_kernel_misfit("Zen", CpuVectors::avx2).empty());
  CHECK(openblas_kernel_misfit("Haswell", CpuVectors::avx2).empty());
  CHECK(openblas_kernel_misfit("Sandybridge", CpuVectors::avx2).find("OPENBLAS_CORETYPE=Haswell") != std::string::npos);
  CHECK(openblas_kernel_misfit("Nehalem", CpuVectors::below_avx2).empty());
  CHECK_FALSE(openblas_kernel_misfit("ARMV8", CpuVectors::unknown).empty());
}
