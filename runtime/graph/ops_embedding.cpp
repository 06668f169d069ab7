// gather(table, ids): the rows of a table [V, D] (a parameter) at a batch of
// integer token ids [T] → [T, D] per example; the op under std.models'
// `embedding(ids, vocab, dim)`. The ids are data (never differentiated);
// the table's gradient is the sum of the output gradients of the positions
// that read each row, so only rows of ids seen in the batch are nonzero.
// An id that is not a whole number in [0, V) reads a row of NaN: the loss
// turns non-finite and Executable::find_non_finite names `gather` (the
// loader and `exp check` keep data ids inside the vocabulary, so only a
// table declared smaller than the data's vocabulary gets there).
// masked_mean(x, mask): mean pooling over the positions a mask keeps (below).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

// The row of `id` in a table of `rows` rows, or -1 when it is not a whole
// number in range.
inline int64_t gather_row(float id, int64_t rows) {
  if (!(id >= 0) || id >= static_cast<float>(rows) || id != std::floor(id)) return -1;
  return static_cast<int64_t>(id);
}

void gather_fwd(RunState& s, const Node& nd) {
  const Tensor& table = s.tensors[nd.args[0]];
  const Tensor& ids = s.tensors[nd.args[1]];
  Tensor& out = s.tensors[nd.out];
  const int64_t rows = table.layout.rows, dim = table.layout.cols, length = ids.layout.cols;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t t = 0; t < length; ++t) {
      float* dst = out.data + (b * length + t) * dim;
      const int64_t r = gather_row(ids.data[b * length + t], rows);
      if (r < 0) std::fill(dst, dst + dim, std::numeric_limits<float>::quiet_NaN());
      else std::memcpy(dst, table.data + r * dim, static_cast<size_t>(dim) * sizeof(float));
    }
}

void gather_bwd(RunState& s, const Node& nd) {
  Tensor& table = s.tensors[nd.args[0]];
  if (!table.grad) return;
  const Tensor& ids = s.tensors[nd.args[1]];
  const Tensor& out = s.tensors[nd.out];
  const int64_t rows = table.layout.rows, dim = table.layout.cols, length = ids.layout.cols;
  if (!nd.accumulate(0)) std::fill(table.grad, table.grad + rows * dim, 0.0f);
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t t = 0; t < length; ++t) {
      const int64_t r = gather_row(ids.data[b * length + t], rows);
      if (r < 0) continue;
      const float* g = out.grad + (b * length + t) * dim;
      float* dst = table.grad + r * dim;
      for (int64_t k = 0; k < dim; ++k) dst[k] += g[k];
    }
}

void bind_gather(Binding& b) {
  if (b.args.size() != 2) b.fail("`gather` takes a table [V, D] and token ids [T]");
  b.check_attrs({});
  const Layout& table = b.args[0];
  const Layout& ids = b.args[1];
  if (table.batched || table.rank != 2)
    b.fail(fmt::format("`gather` needs a table [V, D] (a parameter), got {}", to_string(table)),
           "declare it `param E: [vocab, dim]`, or use std.models' embedding(ids, vocab, dim)");
  if (!ids.batched || ids.rank != 1)
    b.fail(fmt::format("`gather` needs token ids [T] per example, got {}", to_string(ids)),
           "the data's token ids (`tokens: true`, `text:`) are [T] per example");
  const std::array<int64_t, 2> dims = {ids.dim(0), table.dim(1)};
  b.out = Layout::per_example(dims);
  b.forward = gather_fwd;
  b.backward = gather_bwd;
  b.no_grad_mask = 1u << 1;  // the ids are data
}

// masked_mean(x [T, ..], mask [T]): per example, the mean of x over the
// positions t whose mask is not 0 (> 0.5, attention's rule; the token ids
// themselves are a mask, id 0 pads): out = Σ_t m_t·x_t / Σ_t m_t, and
// ∂L/∂x_t = m_t·g / Σ_t m_t. A sequence with every position masked gives
// zeros (and no gradient), as attention does for a query with no keys.
// The mask is data (never differentiated).
inline float kept(float m) { return m > 0.5f ? 1.0f : 0.0f; }

inline float kept_count(const float* mask, int64_t length) {
  float n = 0;
  for (int64_t t = 0; t < length; ++t) n += kept(mask[t]);
  return n;
}

void masked_mean_fwd(RunState& s, const Node& nd) {
  const Tensor& x = s.tensors[nd.args[0]];
  const Tensor& mask = s.tensors[nd.args[1]];
  Tensor& out = s.tensors[nd.out];
  const int64_t length = mask.layout.cols, width = out.layout.cols;
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* m = mask.data + b * length;
    const float n = kept_count(m, length);
    float* dst = out.data + b * width;
    std::fill(dst, dst + width, 0.0f);
    if (n == 0) continue;
    for (int64_t t = 0; t < length; ++t) {
      if (kept(m[t]) == 0) continue;
      const float* src = x.data + (b * length + t) * width;
      for (int64_t k = 0; k < width; ++k) dst[k] += src[k];
    }
    for (int64_t k = 0; k < width; ++k) dst[k] /= n;
  }
}

void masked_mean_bwd(RunState& s, const Node& nd) {
  Tensor& x = s.tensors[nd.args[0]];
  if (!x.grad) return;
  const Tensor& mask = s.tensors[nd.args[1]];
  const Tensor& out = s.tensors[nd.out];
  const int64_t length = mask.layout.cols, width = out.layout.cols;
  const bool add = nd.accumulate(0);
  for (int64_t b = 0; b < s.batch; ++b) {
    const float* m = mask.data + b * length;
    const float n = kept_count(m, length);
    const float* g = out.grad + b * width;
    for (int64_t t = 0; t < length; ++t) {
      float* dst = x.grad + (b * length + t) * width;
      const float w = n == 0 ? 0.0f : kept(m[t]) / n;
      for (int64_t k = 0; k < width; ++k) dst[k] = (add ? dst[k] : 0.0f) + w * g[k];
    }
  }
}

void bind_masked_mean(Binding& b) {
  if (b.args.size() != 2) b.fail("`masked_mean` takes a sequence [T, ..] and a mask [T]");
  b.check_attrs({});
  const Layout& x = b.args[0];
  const Layout& mask = b.args[1];
  if (!x.batched || x.rank < 1) b.fail(fmt::format("`masked_mean` needs a per-example sequence [T, ..], got {}", to_string(x)));
  if (!mask.batched || mask.rank != 1 || mask.dim(0) != x.dim(0))
    b.fail(fmt::format("`masked_mean` needs a mask of one number per position, [{}] per example, got {}", x.dim(0),
                       to_string(mask)));
  b.out = Layout::per_example(std::span<const int64_t>(x.dims.begin() + 1, x.dims.begin() + x.rank));
  b.forward = masked_mean_fwd;
  b.backward = masked_mean_bwd;
  b.no_grad_mask = 1u << 1;  // the mask is data
}

constexpr std::array kEmbedding = {
    KernelDef{"gather", bind_gather},
    KernelDef{"masked_mean", bind_masked_mean},
};

}  // namespace

std::span<const KernelDef> embedding_kernels() { return kEmbedding; }

}  // namespace xp::rt
