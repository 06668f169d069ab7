// gather(table, ids): the rows of a table [V, D] (a parameter) at a batch of
// integer token ids [T] → [T, D] per example; the op under std.models'
// `embedding(ids, vocab, dim)`. The ids are data (never differentiated);
// the table's gradient is the sum of the output gradients of the positions
// that read each row, so only rows of ids seen in the batch are nonzero.
// An id that is not a whole number in [0, V) reads a row of NaN: the loss
// turns non-finite and Executable::find_non_finite names `gather` (the
// loader and `exp check` keep data ids inside the vocabulary, so only a
// table declared smaller than the data's vocabulary gets there).
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

constexpr std::array kEmbedding = {
    KernelDef{"gather", bind_gather},
};

}  // namespace

std::span<const KernelDef> embedding_kernels() { return kEmbedding; }

}  // namespace xp::rt
