// Axis reordering: transpose (swap the last two axes) and permute (any
// order), over the per-example axes of a batched tensor or the axes of an
// unbatched one. Both copy: y[i_perm(0), …] = x[i_0, …]; the backward pass
// copies the gradient back through the inverse order (∂y/∂x is a
// permutation matrix).
//
// The order is kept in attr[0] as base-8 digits (axis i of the output is
// input axis digit i), exact in a float for up to kMaxLayoutRank = 6 axes.
#include <array>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

using Order = std::array<int, kMaxLayoutRank>;

float encode_order(const Order& order, int rank) {
  int code = 0;
  for (int i = rank - 1; i >= 0; --i) code = code * 8 + order[static_cast<size_t>(i)];
  return static_cast<float>(code);
}
Order decode_order(float code, int rank) {
  Order order{};
  auto c = static_cast<int>(code);
  for (int i = 0; i < rank; ++i, c /= 8) order[static_cast<size_t>(i)] = c % 8;
  return order;
}

// Copies every example of `from` (axes `dims`) into `to` with its axes in
// `order`; with `inverse`, `from` is the permuted tensor and `to` the
// original (the gradient's direction). `add`: accumulate into `to`.
void permute_copy(const float* from, float* to, const Layout& x, const Order& order, int64_t examples, bool inverse,
                  bool add) {
  const int r = x.rank;
  std::array<int64_t, kMaxLayoutRank> in_stride{}, out_dims{}, out_stride_in{};
  int64_t st = 1;
  for (int i = r - 1; i >= 0; --i) in_stride[static_cast<size_t>(i)] = st, st *= x.dim(i);
  for (int i = 0; i < r; ++i) {
    out_dims[static_cast<size_t>(i)] = x.dim(order[static_cast<size_t>(i)]);
    out_stride_in[static_cast<size_t>(i)] = in_stride[static_cast<size_t>(order[static_cast<size_t>(i)])];
  }
  const int64_t size = st;
  for (int64_t e = 0; e < examples; ++e) {
    const int64_t base = e * size;
    std::array<int64_t, kMaxLayoutRank> idx{};
    int64_t src = 0;  // offset in the original layout of output element `o`
    for (int64_t o = 0; o < size; ++o) {
      const int64_t xi = base + src, yi = base + o;
      const int64_t from_i = inverse ? yi : xi, to_i = inverse ? xi : yi;
      to[to_i] = add ? to[to_i] + from[from_i] : from[from_i];
      for (int a = r - 1; a >= 0; --a) {  // next output index, row-major
        const auto ua = static_cast<size_t>(a);
        src += out_stride_in[ua];
        if (++idx[ua] < out_dims[ua]) break;
        src -= out_stride_in[ua] * out_dims[ua];
        idx[ua] = 0;
      }
    }
  }
}

int64_t examples_of(const RunState& s, const Tensor& t) {
  return t.layout.batched ? s.batch : 1;
}

void permute_fwd(RunState& s, const Node& nd) {
  const Tensor& x = s.tensors[nd.args[0]];
  permute_copy(x.data, s.tensors[nd.out].data, x.layout, decode_order(nd.attr[0], x.layout.rank), examples_of(s, x),
               false, false);
}
void permute_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const Tensor& x = s.tensors[nd.args[0]];
  permute_copy(s.tensors[nd.out].grad, x.grad, x.layout, decode_order(nd.attr[0], x.layout.rank), examples_of(s, x),
               true, nd.accumulate(0));
}

void bind_with_order(Binding& b, const Order& order) {
  const Layout& x = b.args[0];
  std::vector<int64_t> out;
  for (int i = 0; i < x.rank; ++i) out.push_back(x.dim(order[static_cast<size_t>(i)]));
  b.out = x.batched ? Layout::per_example(out) : Layout::of(out);
  b.attr[0] = encode_order(order, x.rank);
  b.forward = permute_fwd;
  b.backward = permute_bwd;
}

// transpose(x): [.., a, b] → [.., b, a]
void bind_transpose(Binding& b) {
  if (b.args.size() != 1) b.fail("`transpose` takes one tensor");
  b.check_attrs({});
  const Layout& x = b.args[0];
  if (x.rank < 2) b.fail(fmt::format("`transpose` swaps the last two axes and needs at least two, got {}", to_string(x)));
  Order order{};
  for (int i = 0; i < x.rank; ++i) order[static_cast<size_t>(i)] = i;
  std::swap(order[static_cast<size_t>(x.rank - 2)], order[static_cast<size_t>(x.rank - 1)]);
  bind_with_order(b, order);
}

// permute(x, axes: [..]): output axis i is input axis axes[i] (the "axis"
// attributes, in order, as instantiation passes the list).
void bind_permute(Binding& b) {
  if (b.args.size() != 1) b.fail("`permute` takes one tensor");
  b.check_attrs({"axis"});
  const Layout& x = b.args[0];
  Order order{};
  std::array<bool, kMaxLayoutRank> seen{};
  int n = 0;
  for (const auto& a : b.attrs) {
    const int k = static_cast<int>(a.value);
    if (n >= x.rank || k != a.value || k < 0 || k >= x.rank || seen[static_cast<size_t>(k)])
      b.fail(fmt::format("`permute` needs each axis of {} once, from 0 to {}", to_string(x), x.rank - 1));
    seen[static_cast<size_t>(k)] = true;
    order[static_cast<size_t>(n++)] = k;
  }
  if (n != x.rank) b.fail(fmt::format("`permute` needs each axis of {} once, got {} of {}", to_string(x), n, x.rank));
  bind_with_order(b, order);
}

constexpr std::array kPermute = {
    KernelDef{"transpose", bind_transpose},
    KernelDef{"permute", bind_permute},
};

}  // namespace

std::span<const KernelDef> permute_kernels() { return kPermute; }

}  // namespace xp::rt
