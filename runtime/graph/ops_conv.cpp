// Image kernels over per-example [h, w, c] tensors (channels last):
// conv2d, max_pool, avg_pool, global_avg_pool, flatten and reshape; and
// conv1d over per-example sequences [t, c], which is conv2d on a [t, 1, c]
// image with a [k, 1, c, f] filter bank (the same memory as [k, c, f]).
//
// conv2d is im2col + one GEMM for the whole batch: the patches of every
// example form P ((n·ho·wo) × (k·k·c), the node's scratch, allocated once for
// max_batch rows), the filter bank [k, k, c, f] is stored as the
// (k·k·c) × f matrix K, and the output [ho, wo, f] of all examples is the
// (n·ho·wo) × f product P·K written straight into the output buffer.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"
#include "stdlib/builtins.h"

namespace xp::rt {
namespace {

// Where the windows of a convolution or pooling fall: input h × w × c,
// window kh × kw taps `dil` apart (dilation; 1: adjacent), stride, padding
// before the first row / column, output ho × wo.
struct Window {
  int64_t h, w, c, kh, kw, stride, pad_top, pad_left, ho, wo, dil;
};

// Output size along one axis: valid windows only, or `same` (⌈in / s⌉,
// padded with zeros split evenly, the extra one after — TensorFlow's rule).
struct WindowAxis {
  int64_t out, pad_before;
};
// A dilated window of k taps spans d·(k − 1) + 1 positions.
WindowAxis axis_of(int64_t in, int64_t taps, int64_t stride, bool same, int64_t dil) {
  const int64_t k = dil * (taps - 1) + 1;
  if (!same) return {in >= k ? (in - k) / stride + 1 : 0, 0};
  const int64_t out = (in + stride - 1) / stride;
  const int64_t pad = std::max<int64_t>((out - 1) * stride + k - in, 0);
  return {out, pad / 2};
}

// attr: [0] stride, [1] padding (1: same), [3] dilation (0 or 1: none).
// A sequence [t, c] is an image [t, 1, c].
Window window_of(const Layout& x, int64_t kh, int64_t kw, const float* attr) {
  Window g{};
  const bool seq = x.rank == 2;
  g.h = x.dim(0), g.w = seq ? 1 : x.dim(1), g.c = x.dim(seq ? 1 : 2);
  g.kh = kh, g.kw = kw;
  g.stride = static_cast<int64_t>(attr[0]);
  g.dil = std::max<int64_t>(1, static_cast<int64_t>(attr[3]));
  const bool same = attr[1] > 0.5f;
  const WindowAxis ay = axis_of(g.h, kh, g.stride, same, g.dil);
  const WindowAxis ax = seq ? WindowAxis{1, 0} : axis_of(g.w, kw, seq ? 1 : g.stride, same, g.dil);
  g.ho = ay.out, g.wo = ax.out, g.pad_top = ay.pad_before, g.pad_left = ax.pad_before;
  return g;
}

// ---- conv2d ----------------------------------------------------------------------------
Window conv_window(const RunState& s, const Node& nd) {
  const Layout& k = s.tensors[nd.args[1]].layout;
  return window_of(s.tensors[nd.args[0]].layout, k.dim(0), k.rank == 3 ? 1 : k.dim(1), nd.attr);
}

// A window row of kw·c floats is contiguous in channels-last storage when
// the taps are adjacent (no dilation) and the row lies inside the image:
// im2col copies it and col2im adds it as one run (a packet loop, not a
// libc call per tap: a conv on a one-channel image would otherwise call
// memcpy for every 4 bytes).
using RunMap = Eigen::Map<Eigen::ArrayXf>;
using ConstRunMap = Eigen::Map<const Eigen::ArrayXf>;
bool row_inside(const Window& g, int64_t ox) {
  const int64_t ix0 = ox * g.stride - g.pad_left;
  return g.dil == 1 && ix0 >= 0 && ix0 + g.kw <= g.w;
}

// P's row (b, oy, ox) holds the window at (oy, ox) of example b, in the
// order (ky, kx, channel) of K's rows; padding reads as 0.
void im2col(const float* x, float* p, const Window& g, int64_t n) {
  const int64_t patch = g.kh * g.kw * g.c, run = g.kw * g.c;
  for (int64_t b = 0; b < n; ++b) {
    const float* xb = x + b * g.h * g.w * g.c;
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        float* row = p + ((b * g.ho + oy) * g.wo + ox) * patch;
        const bool inside = row_inside(g, ox);
        for (int64_t ky = 0; ky < g.kh; ++ky) {
          const int64_t iy = oy * g.stride - g.pad_top + ky * g.dil;
          float* dst = row + ky * run;
          if (iy < 0 || iy >= g.h) {
            std::fill(dst, dst + run, 0.f);
            continue;
          }
          if (inside) {
            RunMap(dst, run) = ConstRunMap(xb + (iy * g.w + ox * g.stride - g.pad_left) * g.c, run);
            continue;
          }
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            const int64_t ix = ox * g.stride - g.pad_left + kx * g.dil;
            float* d = dst + kx * g.c;
            if (ix < 0 || ix >= g.w) std::fill(d, d + g.c, 0.f);
            else std::memcpy(d, xb + (iy * g.w + ix) * g.c, static_cast<size_t>(g.c) * sizeof(float));
          }
        }
      }
  }
}

// The adjoint of im2col: every patch entry adds into the input element it
// was read from, a window row at a time where it is one contiguous run.
// (Gathering onto each input element instead, which needs no clearing
// pass, measured 3× slower here: a divisibility test per tap and short
// vectors of c channels.)
void col2im_add(const float* p, float* dx, const Window& g, int64_t n) {
  const int64_t patch = g.kh * g.kw * g.c, run = g.kw * g.c;
  for (int64_t b = 0; b < n; ++b) {
    float* db = dx + b * g.h * g.w * g.c;
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        const float* row = p + ((b * g.ho + oy) * g.wo + ox) * patch;
        const bool inside = row_inside(g, ox);
        for (int64_t ky = 0; ky < g.kh; ++ky) {
          const int64_t iy = oy * g.stride - g.pad_top + ky * g.dil;
          if (iy < 0 || iy >= g.h) continue;
          if (inside) {
            RunMap(db + (iy * g.w + ox * g.stride - g.pad_left) * g.c, run) += ConstRunMap(row + ky * run, run);
            continue;
          }
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            const int64_t ix = ox * g.stride - g.pad_left + kx * g.dil;
            if (ix < 0 || ix >= g.w) continue;
            const float* src = row + (ky * g.kw + kx) * g.c;
            float* d = db + (iy * g.w + ix) * g.c;
            for (int64_t ch = 0; ch < g.c; ++ch) d[ch] += src[ch];
          }
        }
      }
  }
}

// y = P·K with P = im2col(x); with a bias (the fused conv + c), y = 1·cᵀ + P·K,
// the bias written before the GEMM accumulates onto it.
void conv_forward(RunState& s, const Node& nd, bool bias) {
  const Window g = conv_window(s, nd);
  const Tensor& k = s.tensors[nd.args[1]];
  const int64_t n = s.batch, rows = n * g.ho * g.wo;
  float* p = s.tensors[nd.scratch].data;
  im2col(s.tensors[nd.args[0]].data, p, g, n);
  MatrixMap P(p, rows, k.layout.rows), Y(s.tensors[nd.out].data, rows, k.layout.cols);
  const ConstMatrixMap K(k.data, k.layout.rows, k.layout.cols);
  if (!bias) {
    Y.noalias() = P * K;
    return;
  }
  store_each_row(Y, ConstMatrixMap(s.tensors[nd.args[2]].data, 1, k.layout.cols).row(0), false);
  Y.noalias() += P * K;
}
void conv2d_fwd(RunState& s, const Node& nd) { conv_forward(s, nd, false); }

// ∂L/∂K = Pᵀ·G; ∂L/∂P = G·Kᵀ, scattered back onto x by col2im. P is no
// longer needed once ∂L/∂K is formed, so ∂L/∂P reuses its buffer.
void conv2d_bwd(RunState& s, const Node& nd) {
  const Window g = conv_window(s, nd);
  const Tensor& k = s.tensors[nd.args[1]];
  const int64_t n = s.batch, rows = n * g.ho * g.wo;
  float* p = s.tensors[nd.scratch].data;
  MatrixMap P(p, rows, k.layout.rows);
  ConstMatrixMap G(s.tensors[nd.out].grad, rows, k.layout.cols);
  if (wants_grad(s, nd.args[1])) {
    MatrixMap dK(k.grad, k.layout.rows, k.layout.cols);
    if (nd.accumulate(1)) dK.noalias() += P.transpose() * G;
    else dK.noalias() = P.transpose() * G;
  }
  if (wants_grad(s, nd.args[0])) {
    P.noalias() = G * ConstMatrixMap(k.data, k.layout.rows, k.layout.cols).transpose();
    MatrixMap dx = gradient(s, nd.args[0]);
    if (!nd.accumulate(0)) dx.setZero();
    col2im_add(p, dx.data(), g, n);
  }
}

// The fused conv + c (args x, K, c): the convolution's partials, and ∂L/∂c =
// the column sums of G over every example and position.
void conv_bias_fwd(RunState& s, const Node& nd) { conv_forward(s, nd, true); }
void conv_bias_bwd(RunState& s, const Node& nd) {
  conv2d_bwd(s, nd);
  if (!wants_grad(s, nd.args[2])) return;
  const int64_t f = s.tensors[nd.args[1]].layout.cols;
  const ConstMatrixMap G(s.tensors[nd.out].grad, s.batch * s.tensors[nd.out].layout.cols / f, f);
  store(gradient(s, nd.args[2]), G.colwise().sum(), nd.accumulate(2));
}
// relu(conv + c): ReLU in the output buffer (kernel.h), as affine + relu.
void conv_bias_relu_fwd(RunState& s, const Node& nd) {
  conv_forward(s, nd, true);
  relu_in_place(s, nd);
}
void conv_bias_relu_bwd(RunState& s, const Node& nd) {
  relu_mask_gradient(s, nd);
  conv_bias_bwd(s, nd);
}

bool is_image(const Layout& x) { return x.batched && x.rank == 3; }

// stride (attr[0]) and padding (attr[1]: 0 valid, 1 same) from the registry's
// argument declarations.
void window_attrs(Binding& b, double default_stride) {
  for (const char* key : {"stride", "dilation"}) {
    const double v = b.attr_or(key, key[0] == 's' ? default_stride : 1);
    if (v < 1 || v != std::floor(v) || v > 1e6)
      throw GraphError(b.span, graph_error_codes::kArgument,
                       fmt::format("`{}` of `{}` must be a whole number ≥ 1, got {}", key, b.name, v));
    b.attr[key[0] == 's' ? 0 : 3] = static_cast<float>(v);
  }
  b.attr[1] = static_cast<float>(b.attr_or("padding", 0));
}

void check_window(const Binding& b, const Window& g, const Layout& x) {
  if (g.ho < 1 || g.wo < 1)
    b.fail(fmt::format("a {} × {} window with stride {}{} leaves nothing of {} in `{}`", g.kh, g.kw, g.stride,
                       g.dil > 1 ? fmt::format(" and dilation {}", g.dil) : "", to_string(x), b.name),
           "use a smaller kernel, stride or dilation, or padding: same");
}

// conv1d: a sequence [t, c] with filters [k, c, f] → [t', f]; the same
// kernels as conv2d (a [t, 1, c] image, a k × 1 window).
void bind_conv1d(Binding& b) {
  if (b.args.size() != 2) b.fail("`conv1d` takes a sequence and a filter bank");
  b.check_attrs({"stride", "padding", "dilation"});
  const Layout& x = b.args[0];
  const Layout& k = b.args[1];
  if (!x.batched || x.rank != 2) b.fail(fmt::format("`conv1d` needs a per-example sequence [t, c], got {}", to_string(x)));
  if (k.batched || k.rank != 3 || k.dim(1) != x.dim(1))
    b.fail(fmt::format("`conv1d` needs filters [k, {}, f] for {}, got {}", x.dim(1), to_string(x), to_string(k)));
  window_attrs(b, 1);
  const Window g = window_of(x, k.dim(0), 1, b.attr);
  check_window(b, g, x);
  const std::array<int64_t, 2> out = {g.ho, k.dim(2)};
  b.out = Layout::per_example(out);
  const std::array<int64_t, 2> patches = {g.ho, k.rows};
  b.use_scratch(Layout::per_example(patches));
  b.forward = conv2d_fwd;
  b.backward = conv2d_bwd;
}

void bind_conv2d(Binding& b) {
  if (b.args.size() != 2) b.fail("`conv2d` takes an image and a filter bank");
  b.check_attrs({"stride", "padding", "dilation"});
  const Layout& x = b.args[0];
  const Layout& k = b.args[1];
  if (!is_image(x)) b.fail(fmt::format("`conv2d` needs a per-example image [h, w, c], got {}", to_string(x)));
  if (k.batched || k.rank != 4 || k.dim(2) != x.dim(2))
    b.fail(fmt::format("`conv2d` needs filters [k, k, {}, f] for {}, got {}", x.dim(2), to_string(x), to_string(k)));
  window_attrs(b, 1);
  const Window g = window_of(x, k.dim(0), k.dim(1), b.attr);
  check_window(b, g, x);
  const std::array<int64_t, 3> out = {g.ho, g.wo, k.dim(3)};
  b.out = Layout::per_example(out);
  const std::array<int64_t, 2> patches = {g.ho * g.wo, k.rows};
  b.use_scratch(Layout::per_example(patches));
  b.forward = conv2d_fwd;
  b.backward = conv2d_bwd;
}

// ---- pooling ------------------------------------------------------------------------------
// Windows are size × size (attr[2]), valid padding.
Window pool_window(const RunState& s, const Node& nd) {
  const auto size = static_cast<int64_t>(nd.attr[2]);
  return window_of(s.tensors[nd.args[0]].layout, size, size, nd.attr);
}

// max_pool: y = the largest element of each window, per channel;
// ∂y/∂x = 1 at the first position holding it, 0 elsewhere. The scratch keeps,
// per output element, that position's tap (ky·kw + kx) in its window.
// Channels innermost: a window position's channels are contiguous, so each
// tap is one vector compare and two selects over them (no branch to mispredict).
void max_pool_fwd(RunState& s, const Node& nd) {
  const Window g = pool_window(s, nd);
  const float* x = s.tensors[nd.args[0]].data;
  float* y = s.tensors[nd.out].data;
  float* arg = s.tensors[nd.scratch].data;
  const int64_t in = g.h * g.w * g.c, out = g.ho * g.wo * g.c;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        const int64_t o = b * out + (oy * g.wo + ox) * g.c;
        RunMap best(y + o, g.c), tap(arg + o, g.c);
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            const ConstRunMap v(x + b * in + ((oy * g.stride + ky) * g.w + ox * g.stride + kx) * g.c, g.c);
            const auto t = static_cast<float>(ky * g.kw + kx);
            if (t == 0) {
              best = v;
              tap.setZero();
              continue;
            }
            tap = (v > best).select(t, tap);
            best = (v > best).select(v, best);
          }
      }
}
// Windows that tile the image exactly (stride = size, nothing left over)
// and a gradient not yet holding another consumer's share: every element of
// dx is written once, the window's gradient at its tap and 0 at the others —
// no clearing pass, no scattered adds. Otherwise dx is cleared (or added to).
void max_pool_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const Window g = pool_window(s, nd);
  MatrixMap dx = gradient(s, nd.args[0]);
  const float* gy = s.tensors[nd.out].grad;
  const float* arg = s.tensors[nd.scratch].data;
  const int64_t in = g.h * g.w * g.c, out = g.ho * g.wo * g.c;
  const bool tiled = !nd.accumulate(0) && g.stride == g.kh && g.stride == g.kw && g.ho * g.kh == g.h && g.wo * g.kw == g.w;
  if (!tiled && !nd.accumulate(0)) dx.setZero();
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        const int64_t o = b * out + (oy * g.wo + ox) * g.c;
        float* d = dx.data() + b * in + (oy * g.stride * g.w + ox * g.stride) * g.c;
        if (!tiled) {
          for (int64_t ch = 0; ch < g.c; ++ch) {
            const auto t = static_cast<int64_t>(arg[o + ch]);
            d[((t / g.kw) * g.w + t % g.kw) * g.c + ch] += gy[o + ch];
          }
          continue;
        }
        const ConstRunMap tap(arg + o, g.c), grad(gy + o, g.c);
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx)
            RunMap(d + (ky * g.w + kx) * g.c, g.c) = (tap == static_cast<float>(ky * g.kw + kx)).select(grad, 0.f);
      }
}

// avg_pool: y = the mean of each window; ∂y/∂x = 1 / (size·size) inside it.
void avg_pool_fwd(RunState& s, const Node& nd) {
  const Window g = pool_window(s, nd);
  const float* x = s.tensors[nd.args[0]].data;
  float* y = s.tensors[nd.out].data;
  const float scale = 1.f / static_cast<float>(g.kh * g.kw);
  const int64_t in = g.h * g.w * g.c, out = g.ho * g.wo * g.c;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        float* yo = y + b * out + (oy * g.wo + ox) * g.c;
        std::fill(yo, yo + g.c, 0.f);
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            const float* xi = x + b * in + ((oy * g.stride + ky) * g.w + ox * g.stride + kx) * g.c;
            for (int64_t ch = 0; ch < g.c; ++ch) yo[ch] += xi[ch];
          }
        for (int64_t ch = 0; ch < g.c; ++ch) yo[ch] *= scale;
      }
}
void avg_pool_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const Window g = pool_window(s, nd);
  MatrixMap dx = gradient(s, nd.args[0]);
  if (!nd.accumulate(0)) dx.setZero();
  const float* gy = s.tensors[nd.out].grad;
  const float scale = 1.f / static_cast<float>(g.kh * g.kw);
  const int64_t in = g.h * g.w * g.c, out = g.ho * g.wo * g.c;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t oy = 0; oy < g.ho; ++oy)
      for (int64_t ox = 0; ox < g.wo; ++ox) {
        const float* go = gy + b * out + (oy * g.wo + ox) * g.c;
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            float* d = dx.data() + b * in + ((oy * g.stride + ky) * g.w + ox * g.stride + kx) * g.c;
            for (int64_t ch = 0; ch < g.c; ++ch) d[ch] += go[ch] * scale;
          }
      }
}

template <KernelFn Fwd, KernelFn Bwd, bool Argmax>
void bind_pool(Binding& b) {
  if (b.args.size() != 1) b.fail(fmt::format("`{}` takes one image", b.name));
  b.check_attrs({"size", "stride"});
  const Layout& x = b.args[0];
  if (!is_image(x)) b.fail(fmt::format("`{}` needs a per-example image [h, w, c], got {}", b.name, to_string(x)));
  const double size = b.declared_attr("size");
  window_attrs(b, size);
  b.attr[1] = 0;  // valid windows only
  b.attr[3] = 1;  // no dilation
  b.attr[2] = static_cast<float>(size);
  const auto k = static_cast<int64_t>(size);
  const Window g = window_of(x, k, k, b.attr);
  check_window(b, g, x);
  const std::array<int64_t, 3> out = {g.ho, g.wo, g.c};
  b.out = Layout::per_example(out);
  if (Argmax) b.needs_scratch = true;  // the argmax of each window, the output's shape
  b.forward = Fwd;
  b.backward = Bwd;
}

// global_avg_pool: [h, w, c] → [c], the mean over positions; ∂y/∂x = 1 / (h·w).
void global_avg_pool_fwd(RunState& s, const Node& nd) {
  const Layout& l = s.tensors[nd.args[0]].layout;
  const int64_t hw = l.dim(0) * l.dim(1), c = l.dim(2);
  MatrixMap y = value(s, nd.out);
  const float* x = s.tensors[nd.args[0]].data;
  for (int64_t b = 0; b < s.batch; ++b)
    y.row(b) = ConstMatrixMap(x + b * hw * c, hw, c).colwise().mean();
}
void global_avg_pool_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const Layout& l = s.tensors[nd.args[0]].layout;
  const int64_t hw = l.dim(0) * l.dim(1), c = l.dim(2);
  MatrixMap g = gradient(s, nd.out);
  float* dx = s.tensors[nd.args[0]].grad;
  const float scale = 1.f / static_cast<float>(hw);
  for (int64_t b = 0; b < s.batch; ++b)
    store_each_row(MatrixMap(dx + b * hw * c, hw, c), g.row(b) * scale, nd.accumulate(0));
}
void bind_global_avg_pool(Binding& b) {
  if (b.args.size() != 1) b.fail("`global_avg_pool` takes one image");
  b.check_attrs({});
  if (!is_image(b.args[0]))
    b.fail(fmt::format("`global_avg_pool` needs a per-example image [h, w, c], got {}", to_string(b.args[0])));
  b.out = Layout::per_example(1, b.args[0].dim(2));
  b.forward = global_avg_pool_fwd;
  b.backward = global_avg_pool_bwd;
}

// ---- flatten: the same numbers as one axis (row-major); ∂y/∂x = 1 -------------------------
void flatten_fwd(RunState& s, const Node& nd) { value(s, nd.out) = value(s, nd.args[0]); }
void flatten_bwd(RunState& s, const Node& nd) {
  if (wants_grad(s, nd.args[0])) store(gradient(s, nd.args[0]), gradient(s, nd.out), nd.accumulate(0));
}
void bind_flatten(Binding& b) {
  if (b.args.size() != 1) b.fail("`flatten` takes one tensor");
  b.check_attrs({});
  const Layout& x = b.args[0];
  if (!x.batched) b.fail(fmt::format("`flatten` works on per-example tensors, got {}", to_string(x)));
  b.out = Layout::per_example(1, x.cols);
  b.forward = flatten_fwd;
  b.backward = flatten_bwd;
}

// reshape: the same numbers in the per-example shape given by the "dim"
// attributes (instantiation passes the op's checked shape); ∂y/∂x = 1.
void bind_reshape(Binding& b) {
  if (b.args.size() != 1) b.fail("`reshape` takes one tensor");
  b.check_attrs({"dim"});
  const Layout& x = b.args[0];
  if (!x.batched) b.fail(fmt::format("`reshape` works on per-example tensors, got {}", to_string(x)));
  std::vector<int64_t> dims;
  int64_t total = 1;
  for (const auto& a : b.attrs) {
    if (a.value < 1 || a.value != std::floor(a.value) || a.value > 2147483648.0)
      b.fail(fmt::format("`reshape` needs sizes ≥ 1, got {}", a.value));
    dims.push_back(static_cast<int64_t>(a.value));
    total *= dims.back();
    if (total > (int64_t{1} << 40)) b.fail("`reshape`'s shape is too large");
  }
  if (dims.size() > static_cast<size_t>(kMaxLayoutRank)) b.fail(fmt::format("`reshape` supports at most {} axes", kMaxLayoutRank));
  if (total != x.cols)
    b.fail(fmt::format("`reshape` of {} ({} numbers) to a shape of {} numbers", to_string(x), x.cols, total));
  b.out = Layout::per_example(dims);
  b.forward = flatten_fwd;
  b.backward = flatten_bwd;
}

constexpr std::array kConv = {
    KernelDef{"conv1d", bind_conv1d},
    KernelDef{"conv2d", bind_conv2d},
    KernelDef{"max_pool", bind_pool<max_pool_fwd, max_pool_bwd, true>},
    KernelDef{"avg_pool", bind_pool<avg_pool_fwd, avg_pool_bwd, false>},
    KernelDef{"global_avg_pool", bind_global_avg_pool},
    KernelDef{"flatten", bind_flatten},
    KernelDef{"reshape", bind_reshape},
};

}  // namespace

std::span<const KernelDef> conv_kernels() { return kConv; }

FusedKernel conv_bias_kernel(bool relu) {
  return relu ? FusedKernel{conv_bias_relu_fwd, conv_bias_relu_bwd} : FusedKernel{conv_bias_fwd, conv_bias_bwd};
}

}  // namespace xp::rt
