#pragma once
// Whether OpenBLAS's kernels fit this CPU: OpenBLAS 0.3.21 picks its kernels
// by CPU model when it is loaded, and on a model it does not know (AMD Zen 5)
// it falls back to older kernels that are slower than Eigen's own GEMM
// (docs/performance.md). Header-only so that the configure-time probe
// (cmake/openblas_probe.cpp, which decides whether the build uses OpenBLAS)
// and matrix_backend() judge by the same rule.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace xp::rt {

// The widest vector instructions this CPU has: what Eigen's GEMM uses with
// -march=native, and what OpenBLAS's kernels should use too.
enum class CpuVectors { unknown, below_avx2, avx2, avx512 };

inline CpuVectors this_cpu_vectors() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return CpuVectors::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return CpuVectors::avx2;
  return CpuVectors::below_avx2;
#else
  return CpuVectors::unknown;
#endif
}

// Empty when the kernels OpenBLAS picked (openblas_get_corename(), e.g.
// "Cooperlake") use the CPU's widest vectors; otherwise why they do not (of
// "them": the sentence follows one naming the kernels), and the
// OPENBLAS_CORETYPE that would pick ones that do.
inline std::string openblas_kernel_misfit(std::string_view core, CpuVectors cpu) {
  std::string name(core);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto among = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const bool avx512_kernels = among({"skylakex", "cooperlake", "sapphirerapids"});
  const bool avx2_kernels = avx512_kernels || among({"haswell", "zen"});
  switch (cpu) {
    case CpuVectors::avx512:
      if (avx512_kernels) return "";
      return "the CPU has AVX-512, which they do not use: OPENBLAS_CORETYPE=SkylakeX picks kernels that do";
    case CpuVectors::avx2:
      if (avx2_kernels) return "";
      return "the CPU has AVX2 and FMA, which they do not use: OPENBLAS_CORETYPE=Haswell picks kernels that do";
    case CpuVectors::below_avx2:
      return "";  // no wider kernels to miss; OpenBLAS's choice stands
    case CpuVectors::unknown:
      break;
  }
  return "OpenBLAS was only measured against Eigen on x86-64";
}

}  // namespace xp::rt
