// Elementwise kernels: broadcasting arithmetic, activations, dropout.
//
// Broadcasting follows numpy on the per-example shape, then the batch
// dimension: in the 2-D storage (kernel.h) an operand broadcasts along any
// axis where it has extent 1, and the gradient of a broadcast operand is the
// sum of the output gradient over the broadcast axes.
#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"
#include "runtime/core/random.h"

namespace xp::rt {
namespace {

// ---- broadcasting helpers -------------------------------------------------------
struct Operand {
  const float* p;
  int64_t rows, cols;
};
// `fold` views a batched tensor of per-example shape [..., c] as
// (n·fold) × c rows, so a vector [c] broadcasts along its last axis
// (a bias over channels), and an unbatched [t, d] over every example's
// trailing [t, d] (one row of t·d); fold is 1 for every rank ≤ 1 operation.
// attr[1] = 1 marks the trailing-axes case, where an unbatched operand is one row.
int64_t broadcast_fold(const Node& nd) { return nd.attr[0] > 1.f ? static_cast<int64_t>(nd.attr[0]) : 1; }
Operand operand(RunState& s, int id, int64_t fold, bool shared_row) {
  const Tensor& t = s.tensors[id];
  if (fold > 1 && t.layout.batched) return {t.data, live_rows(s, t) * fold, t.layout.cols / fold};
  if (shared_row && !t.layout.batched) return {t.data, 1, t.layout.rows * t.layout.cols};
  return {t.data, live_rows(s, t), t.layout.cols};
}

// out(i, j) (+)= f(g(i, j), a(i', j'), b(i'', j''), y(i, j)) over the output's
// R × C grid, with a and b read through broadcasting. g and y are full-size.
template <bool Acc, class F>
void map_full(const float* g, Operand a, Operand b, const float* y, float* out, int64_t R, int64_t C, F f) {
  auto put = [&](int64_t k, float v) {
    if constexpr (Acc) out[k] += v;
    else out[k] = v;
  };
  if (a.rows == R && b.rows == R && a.cols == C && b.cols == C) {
    const int64_t n = R * C;
    for (int64_t k = 0; k < n; ++k) put(k, f(g ? g[k] : 0.f, a.p[k], b.p[k], y ? y[k] : 0.f));
    return;
  }
  const int64_t as = a.cols == 1 ? 0 : 1, bs = b.cols == 1 ? 0 : 1;
  for (int64_t i = 0; i < R; ++i) {
    const float* ar = a.p + (a.rows == 1 ? 0 : i * a.cols);
    const float* br = b.p + (b.rows == 1 ? 0 : i * b.cols);
    const int64_t o = i * C;
    for (int64_t j = 0; j < C; ++j)
      put(o + j, f(g ? g[o + j] : 0.f, ar[j * as], br[j * bs], y ? y[o + j] : 0.f));
  }
}

// dst (r × c, broadcast against R × C) = or += the sum of full over the
// axes where dst has extent 1.
void reduce_into(const float* full, int64_t R, int64_t C, float* dst, int64_t r, int64_t c, bool acc) {
  ConstMatrixMap f(full, R, C);
  MatrixMap d(dst, r, c);
  if (r == R && c == C) store(d, f, acc);
  else if (r == 1 && c == C) store(d, f.colwise().sum(), acc);
  else if (r == R && c == 1) store(d, f.rowwise().sum(), acc);
  else if (acc) d(0, 0) += f.sum();
  else d(0, 0) = f.sum();
}

// Writes one argument's gradient: the full-size partial `f` is computed into
// the argument's gradient directly when it has the output's shape, otherwise
// into the node's scratch (allocated only for broadcasting nodes) and then
// summed over the broadcast axes.
template <class F>
void backprop_arg(RunState& s, const Node& nd, int which, F f) {
  const int id = nd.args[which];
  if (!wants_grad(s, id)) return;
  const Tensor& out = s.tensors[nd.out];
  const int64_t fold = broadcast_fold(nd);
  const int64_t R = live_rows(s, out) * fold, C = out.layout.cols / fold;
  const bool row = nd.attr[1] > 0.5f;
  Operand a = operand(s, nd.args[0], fold, row), b = operand(s, nd.args[nd.args.size() > 1 ? 1 : 0], fold, row);
  const Operand self = operand(s, id, fold, row);
  const Tensor& t = s.tensors[id];
  const int64_t r = self.rows, c = self.cols;
  const bool acc = nd.accumulate(which);
  const float* g = out.grad;
  const float* y = out.data;
  if (r == R && c == C) {
    if (acc) map_full<true>(g, a, b, y, t.grad, R, C, f);
    else map_full<false>(g, a, b, y, t.grad, R, C, f);
    return;
  }
  float* tmp = s.tensors[nd.scratch].data;
  map_full<false>(g, a, b, y, tmp, R, C, f);
  reduce_into(tmp, R, C, t.grad, r, c, acc);
}

// Layout of a broadcast binary op, or a user error naming both shapes.
// Rank ≤ 1 per example (and unbatched matrices): any axis of extent 1
// broadcasts. A batched tensor of higher rank combines with one of its own
// shape, a scalar, or a vector along its last axis (then *fold > 1).
Layout broadcast_layout(const Binding& b, int64_t* fold, bool* shared_row) {
  const Layout& x = b.args[0];
  const Layout& z = b.args[1];
  auto mismatch = [&] {
    b.fail(fmt::format("cannot broadcast {} with {} in `{}`", to_string(x), to_string(z), b.name),
           "operands must have equal sizes, or size 1, along each axis");
  };
  *fold = 1;
  const bool high = (x.batched && x.rank >= 2) || (z.batched && z.rank >= 2) || x.rank > 2 || z.rank > 2;
  if (high) {
    const bool x_big = x.rank > z.rank || (x.rank == z.rank && (x.batched || !z.batched));  // ties: the batched one
    const Layout& big = x_big ? x : z;
    const Layout& small = x_big ? z : x;
    Layout out = big;
    out.batched = x.batched || z.batched;
    if (!out.batched) b.fail(fmt::format("`{}` of unbatched tensors of rank above 2 is not supported", b.name));
    if (small.rank == big.rank && std::equal(big.dims.begin(), big.dims.begin() + big.rank, small.dims.begin()) &&
        (small.batched || big.rank <= 1))
      return out;
    if (small.rows == 1 && small.cols == 1) return out;  // a scalar (or a single element)
    // An unbatched tensor of the trailing axes: a bias [c] over channels, a
    // position table [t, d] added to every example's [t, d] (or [h, t, d]).
    const bool trailing = !small.batched && small.rank >= 1 && small.rank <= big.rank &&
                          std::equal(small.dims.begin(), small.dims.begin() + small.rank,
                                     big.dims.begin() + (big.rank - small.rank));
    if (trailing && (big.batched || small.rank < big.rank)) {
      *fold = big.cols / (small.rows * small.cols);
      *shared_row = true;
      return out;
    }
    mismatch();
  }
  Layout out;
  out.batched = x.batched || z.batched;
  out.rank = std::max(x.rank, z.rank);
  if (out.batched) {
    for (const Layout* l : {&x, &z})
      if (!l->batched && l->rank > 1) mismatch();
    out.rows = 1;
  } else {
    if (x.rows != z.rows && x.rows != 1 && z.rows != 1) mismatch();
    out.rows = std::max(x.rows, z.rows);
  }
  if (x.cols != z.cols && x.cols != 1 && z.cols != 1) mismatch();
  out.cols = std::max(x.cols, z.cols);
  if (out.rank == 0 && out.cols > 1) out.rank = 1;
  if (out.rank == 1) out.dims[0] = out.cols;
  if (out.rank == 2) out.dims = {out.rows, out.cols};
  return out;
}

// ---- arithmetic -------------------------------------------------------------------------
template <class F>
void binary_forward(RunState& s, const Node& nd, F f) {
  const Tensor& out = s.tensors[nd.out];
  const int64_t fold = broadcast_fold(nd);
  const bool row = nd.attr[1] > 0.5f;
  map_full<false>(nullptr, operand(s, nd.args[0], fold, row), operand(s, nd.args[1], fold, row), nullptr, out.data,
                  live_rows(s, out) * fold, out.layout.cols / fold, [&](float, float a, float b, float) { return f(a, b); });
}

// add: ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
void add_fwd(RunState& s, const Node& nd) { binary_forward(s, nd, [](float a, float b) { return a + b; }); }
void add_bwd(RunState& s, const Node& nd) {
  backprop_arg(s, nd, 0, [](float g, float, float, float) { return g; });
  backprop_arg(s, nd, 1, [](float g, float, float, float) { return g; });
}
// sub: ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1
void sub_fwd(RunState& s, const Node& nd) { binary_forward(s, nd, [](float a, float b) { return a - b; }); }
void sub_bwd(RunState& s, const Node& nd) {
  backprop_arg(s, nd, 0, [](float g, float, float, float) { return g; });
  backprop_arg(s, nd, 1, [](float g, float, float, float) { return -g; });
}
// mul: ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
void mul_fwd(RunState& s, const Node& nd) { binary_forward(s, nd, [](float a, float b) { return a * b; }); }
void mul_bwd(RunState& s, const Node& nd) {
  backprop_arg(s, nd, 0, [](float g, float, float b, float) { return g * b; });
  backprop_arg(s, nd, 1, [](float g, float a, float, float) { return g * a; });
}
// div: ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −y/b
void div_fwd(RunState& s, const Node& nd) { binary_forward(s, nd, [](float a, float b) { return a / b; }); }
void div_bwd(RunState& s, const Node& nd) {
  backprop_arg(s, nd, 0, [](float g, float, float b, float) { return g / b; });
  backprop_arg(s, nd, 1, [](float g, float, float b, float y) { return -g * y / b; });
}
// pow: ∂(aᵇ)/∂a = b·aᵇ⁻¹, ∂(aᵇ)/∂b = aᵇ·ln a
void pow_fwd(RunState& s, const Node& nd) { binary_forward(s, nd, [](float a, float b) { return std::pow(a, b); }); }
void pow_bwd(RunState& s, const Node& nd) {
  backprop_arg(s, nd, 0, [](float g, float a, float b, float) { return g * b * std::pow(a, b - 1.f); });
  backprop_arg(s, nd, 1, [](float g, float a, float, float y) { return g * y * std::log(a); });
}

template <KernelFn Fwd, KernelFn Bwd>
void bind_binary(Binding& b) {
  b.check_attrs({});
  if (b.args.size() != 2) b.fail(fmt::format("`{}` takes two operands", b.name));
  int64_t fold = 1;
  bool shared_row = false;
  b.out = broadcast_layout(b, &fold, &shared_row);
  b.attr[0] = static_cast<float>(fold);
  b.attr[1] = shared_row ? 1.f : 0.f;
  b.forward = Fwd;
  b.backward = Bwd;
  // full-size partials of a broadcast operand are summed from a scratch tensor
  b.needs_scratch = !(b.args[0] == b.out) || !(b.args[1] == b.out);
}

// ---- activations ----------------------------------------------------------------------------
// Each activation states y = f(x) and dx = g · f'(x), written with whichever
// of x and y makes the derivative cheapest. `a` is the activation's alpha.
struct Relu {  // f'(x) = [x > 0]
  template <class X> static auto f(const X& x, float) { return x.cwiseMax(0.f); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float) {
    return (x > 0.f).select(g, 0.f);
  }
};
struct LeakyRelu {  // f'(x) = 1 if x > 0 else α
  template <class X> static auto f(const X& x, float a) { return (x > 0.f).select(x, x * a); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float a) {
    return (x > 0.f).select(g, g * a);
  }
};
struct Elu {  // f'(x) = 1 if x > 0 else α·eˣ = y + α
  template <class X> static auto f(const X& x, float a) { return (x > 0.f).select(x, (x.exp() - 1.f) * a); }
  template <class X, class Y, class G> static auto df(const X& x, const Y& y, const G& g, float a) {
    return (x > 0.f).select(g, g * (y + a));
  }
};
struct Gelu {  // tanh form: y = ½x(1+t), t = tanh(k(x + c x³)); f' = ½(1+t) + ½x(1−t²)·k(1 + 3c x²)
  static constexpr float k = 0.7978845608028654f, c = 0.044715f;
  template <class X> static auto f(const X& x, float) { return 0.5f * x * (1.f + (k * (x + c * x.cube())).tanh()); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float) {
    auto t = (k * (x + c * x.cube())).tanh();
    return g * (0.5f * (1.f + t) + 0.5f * x * (1.f - t.square()) * k * (1.f + 3.f * c * x.square()));
  }
};
struct Tanh {  // f'(x) = 1 − y²
  template <class X> static auto f(const X& x, float) { return x.tanh(); }
  template <class X, class Y, class G> static auto df(const X&, const Y& y, const G& g, float) {
    return g * (1.f - y.square());
  }
};
struct Sigmoid {  // f'(x) = y(1 − y)
  template <class X> static auto f(const X& x, float) { return x.logistic(); }
  template <class X, class Y, class G> static auto df(const X&, const Y& y, const G& g, float) {
    return g * y * (1.f - y);
  }
};
struct Softplus {  // y = max(x,0) + log1p(e^−|x|) (stable); f'(x) = σ(x)
  template <class X> static auto f(const X& x, float) { return x.cwiseMax(0.f) + (-x.abs()).exp().log1p(); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float) {
    return g * x.logistic();
  }
};
struct Identity {  // f'(x) = 1
  template <class X> static auto f(const X& x, float) { return x; }
  template <class X, class Y, class G> static auto df(const X&, const Y&, const G& g, float) { return g; }
};
struct Exp {  // f'(x) = eˣ = y
  template <class X> static auto f(const X& x, float) { return x.exp(); }
  template <class X, class Y, class G> static auto df(const X&, const Y& y, const G& g, float) { return g * y; }
};
struct Log {  // f'(x) = 1/x
  template <class X> static auto f(const X& x, float) { return x.log(); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float) { return g / x; }
};
struct Sqrt {  // f'(x) = 1/(2√x) = 1/(2y)
  template <class X> static auto f(const X& x, float) { return x.sqrt(); }
  template <class X, class Y, class G> static auto df(const X&, const Y& y, const G& g, float) {
    return g * 0.5f / y;
  }
};
struct Abs {  // f'(x) = sign(x) (0 at 0)
  template <class X> static auto f(const X& x, float) { return x.abs(); }
  template <class X, class Y, class G> static auto df(const X& x, const Y&, const G& g, float) {
    return g * x.sign();
  }
};
struct Neg {  // f'(x) = −1
  template <class X> static auto f(const X& x, float) { return -x; }
  template <class X, class Y, class G> static auto df(const X&, const Y&, const G& g, float) { return -g; }
};

template <class Act>
void act_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]), y = value(s, nd.out);
  y.array() = Act::f(x.array(), nd.attr[0]);
}
template <class Act>
void act_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap x = value(s, nd.args[0]), y = value(s, nd.out), g = gradient(s, nd.out);
  MatrixMap dx = gradient(s, nd.args[0]);
  store(dx.array(), Act::df(x.array(), y.array(), g.array(), nd.attr[0]), nd.accumulate(0));
}

// alpha_name: the activation's one named argument ("" for none).
template <class Act, const char* alpha_name = nullptr>
void bind_act(Binding& b) {
  if (b.args.size() != 1) b.fail(fmt::format("`{}` takes one tensor", b.name));
  if constexpr (alpha_name != nullptr) b.check_attrs({alpha_name});
  else b.check_attrs({});
  b.out = b.args[0];
  b.forward = act_fwd<Act>;
  b.backward = act_bwd<Act>;
}
constexpr char kAlpha[] = "alpha";
template <class Act>
void bind_act_alpha(Binding& b) {
  bind_act<Act, kAlpha>(b);
  b.attr[0] = static_cast<float>(b.declared_attr("alpha"));  // default and bounds: the registry's
}

// ---- dropout --------------------------------------------------------------------------------
// Training: y = x·m with m = 1/(1−rate) kept with probability 1−rate, else 0
// (inverted dropout, so inference is the identity). ∂y/∂x = m.
void dropout_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]), y = value(s, nd.out);
  const float rate = nd.attr[0];
  if (!s.training || rate <= 0.f) {
    y = x;
    return;
  }
  MatrixMap m = value(s, nd.scratch);
  const float keep = 1.f / (1.f - rate);
  uint64_t& state = s.rng[nd.rng];
  float* mp = m.data();
  const int64_t n = m.size();
  for (int64_t k = 0; k < n; ++k) {
    const float u = static_cast<float>(splitmix64(state) >> 40) * 0x1.0p-24f;
    mp[k] = u >= rate ? keep : 0.f;
  }
  y.array() = x.array() * m.array();
}
void dropout_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap g = gradient(s, nd.out), dx = gradient(s, nd.args[0]);
  if (!s.training || nd.attr[0] <= 0.f) store(dx, g, nd.accumulate(0));
  else store(dx.array(), g.array() * value(s, nd.scratch).array(), nd.accumulate(0));
}
void bind_dropout(Binding& b) {
  if (b.args.size() != 1) b.fail("`dropout` takes one tensor");
  b.check_attrs({"rate"});
  const double rate = b.declared_attr("rate");  // in [0, 1), by the registry
  b.out = b.args[0];
  b.attr[0] = static_cast<float>(rate);
  b.forward = dropout_fwd;
  b.backward = dropout_bwd;
  b.needs_scratch = true;
  b.needs_rng = true;
}

constexpr std::array kElementwise = {
    KernelDef{"add", bind_binary<add_fwd, add_bwd>},
    KernelDef{"sub", bind_binary<sub_fwd, sub_bwd>},
    KernelDef{"mul", bind_binary<mul_fwd, mul_bwd>},
    KernelDef{"div", bind_binary<div_fwd, div_bwd>},
    KernelDef{"pow", bind_binary<pow_fwd, pow_bwd>},
    KernelDef{"neg", bind_act<Neg>},
    KernelDef{"relu", bind_act<Relu>},
    KernelDef{"leaky_relu", bind_act_alpha<LeakyRelu>},
    KernelDef{"elu", bind_act_alpha<Elu>},
    KernelDef{"gelu", bind_act<Gelu>},
    KernelDef{"tanh", bind_act<Tanh>},
    KernelDef{"sigmoid", bind_act<Sigmoid>},
    KernelDef{"softplus", bind_act<Softplus>},
    KernelDef{"identity", bind_act<Identity>},
    KernelDef{"exp", bind_act<Exp>},
    KernelDef{"log", bind_act<Log>},
    KernelDef{"sqrt", bind_act<Sqrt>},
    KernelDef{"abs", bind_act<Abs>},
    KernelDef{"dropout", bind_dropout},
};

}  // namespace

std::span<const KernelDef> elementwise_kernels() { return kElementwise; }

}  // namespace xp::rt
