// Reductions (sum, mean, max — over all per-example elements or one axis)
// and the row-normalising ops (softmax, log_softmax).
//
// Reductions work on the per-example shape: sum(h) of a batched [d] tensor is
// one number per example. In storage a reduction collapses rows, columns or
// everything; the mode is fixed at binding.
#include <algorithm>
#include <array>
#include <vector>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"

namespace xp::rt {
namespace {

enum Mode { kPerRow = 0, kAll = 1, kPerCol = 2 };
Mode mode_of(const Node& nd) { return static_cast<Mode>(static_cast<int>(nd.attr[0])); }

// The reduced output viewed with the reduction's natural orientation:
// per-row results are a column even when stored as a row vector [r].
MatrixMap reduced(RunState& s, int id, const MatrixMap& x, Mode m, bool grad) {
  float* p = grad ? s.tensors[id].grad : s.tensors[id].data;
  if (m == kPerRow) return MatrixMap(p, x.rows(), 1);
  if (m == kPerCol) return MatrixMap(p, 1, x.cols());
  return MatrixMap(p, 1, 1);
}

// sum: ∂y/∂x = 1 for every reduced element
void sum_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]);
  MatrixMap y = reduced(s, nd.out, x, mode_of(nd), false);
  switch (mode_of(nd)) {
    case kPerRow: y.noalias() = x.rowwise().sum(); break;
    case kPerCol: y.noalias() = x.colwise().sum(); break;
    case kAll: y(0, 0) = x.sum(); break;
  }
}
// Spreads the output gradient (times `scale`) back over the reduced elements.
void spread(RunState& s, const Node& nd, float scale) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap x = value(s, nd.args[0]);
  MatrixMap dx = gradient(s, nd.args[0]);
  MatrixMap g = reduced(s, nd.out, x, mode_of(nd), true);
  const bool acc = nd.accumulate(0);
  switch (mode_of(nd)) {
    case kPerRow:
      for (Eigen::Index r = 0; r < dx.rows(); ++r) {
        if (acc) dx.row(r).array() += g(r, 0) * scale;
        else dx.row(r).setConstant(g(r, 0) * scale);
      }
      break;
    case kPerCol: store_each_row(dx, g.row(0) * scale, acc); break;
    case kAll:
      if (acc) dx.array() += g(0, 0) * scale;
      else dx.setConstant(g(0, 0) * scale);
      break;
  }
}
void sum_bwd(RunState& s, const Node& nd) { spread(s, nd, 1.f); }

// mean: ∂y/∂x = 1/count
float count_of(const MatrixMap& x, Mode m) {
  if (m == kPerRow) return static_cast<float>(x.cols());
  if (m == kPerCol) return static_cast<float>(x.rows());
  return static_cast<float>(x.size());
}
void mean_fwd(RunState& s, const Node& nd) {
  sum_fwd(s, nd);
  MatrixMap x = value(s, nd.args[0]);
  MatrixMap y = reduced(s, nd.out, x, mode_of(nd), false);
  y /= count_of(x, mode_of(nd));
}
void mean_bwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]);
  spread(s, nd, 1.f / count_of(x, mode_of(nd)));
}

// max: ∂y/∂x = 1 at the first position holding the maximum, 0 elsewhere
void max_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]);
  MatrixMap y = reduced(s, nd.out, x, mode_of(nd), false);
  switch (mode_of(nd)) {
    case kPerRow: y.noalias() = x.rowwise().maxCoeff(); break;
    case kPerCol: y.noalias() = x.colwise().maxCoeff(); break;
    case kAll: y(0, 0) = x.maxCoeff(); break;
  }
}
void max_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap x = value(s, nd.args[0]);
  MatrixMap dx = gradient(s, nd.args[0]);
  MatrixMap g = reduced(s, nd.out, x, mode_of(nd), true);
  if (!nd.accumulate(0)) dx.setZero();
  Eigen::Index r = 0, c = 0;
  switch (mode_of(nd)) {
    case kPerRow:
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        x.row(i).maxCoeff(&c);
        dx(i, c) += g(i, 0);
      }
      break;
    case kPerCol:
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        x.col(j).maxCoeff(&r);
        dx(r, j) += g(0, j);
      }
      break;
    case kAll:
      x.maxCoeff(&r, &c);
      dx(r, c) += g(0, 0);
      break;
  }
}

// ---- one axis of a per-example tensor of any rank ---------------------------------------
// The tensor is outer × len × inner (row-major), the reduced axis the middle
// one: len = attr[1], inner = attr[2]; outer covers the batch and the axes
// before it. The output is outer × inner.
struct Strided {
  int64_t outer, len, inner;
};
Strided strided(const RunState& s, int arg, float len, float inner) {
  const Tensor& t = s.tensors[arg];
  const auto l = static_cast<int64_t>(len), in = static_cast<int64_t>(inner);
  return {live_rows(s, t) * t.layout.cols / (l * in), l, in};
}
// sum: ∂y/∂x = 1; mean: 1/len; max: 1 at the first maximum.
template <int Op>  // 0 sum, 1 mean, 2 max
void axis_reduce_fwd(RunState& s, const Node& nd) {
  const Strided g = strided(s, nd.args[0], nd.attr[1], nd.attr[2]);
  const float* x = s.tensors[nd.args[0]].data;
  float* y = s.tensors[nd.out].data;
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t i = 0; i < g.inner; ++i) {
      const float* xi = x + o * g.len * g.inner + i;
      float acc = xi[0];
      for (int64_t j = 1; j < g.len; ++j) acc = Op == 2 ? std::max(acc, xi[j * g.inner]) : acc + xi[j * g.inner];
      y[o * g.inner + i] = Op == 1 ? acc / static_cast<float>(g.len) : acc;
    }
}
template <int Op>
void axis_reduce_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const Strided g = strided(s, nd.args[0], nd.attr[1], nd.attr[2]);
  const float* x = s.tensors[nd.args[0]].data;
  const float* gy = s.tensors[nd.out].grad;
  float* dx = s.tensors[nd.args[0]].grad;
  const bool acc = nd.accumulate(0);
  const float scale = Op == 1 ? 1.f / static_cast<float>(g.len) : 1.f;
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t i = 0; i < g.inner; ++i) {
      const int64_t base = o * g.len * g.inner + i;
      const float gi = gy[o * g.inner + i] * scale;
      int64_t best = 0;
      if (Op == 2)
        for (int64_t j = 1; j < g.len; ++j)
          if (x[base + j * g.inner] > x[base + best * g.inner]) best = j;
      for (int64_t j = 0; j < g.len; ++j) {
        const float v = Op == 2 ? (j == best ? gi : 0.f) : gi;
        float& d = dx[base + j * g.inner];
        d = acc ? d + v : v;
      }
    }
}
// outer × len × inner view of `x` along per-example axis k (attr[1], attr[2]).
void axis_view(Binding& b, const Layout& x, int k) {
  int64_t inner = 1;
  for (int i = k + 1; i < x.rank; ++i) inner *= x.dim(i);
  b.attr[1] = static_cast<float>(x.dim(k));
  b.attr[2] = static_cast<float>(inner);
}

void bind_reduce(Binding& b, KernelFn fwd, KernelFn bwd) {
  if (b.args.size() != 1) b.fail(fmt::format("`{}` takes one tensor", b.name));
  b.check_attrs({"axis"});
  const Layout& x = b.args[0];
  const bool has_axis = [&] {
    for (const auto& a : b.attrs) if (a.name == "axis") return true;
    return false;
  }();
  const double axis_value = b.attr_or("axis", 0);
  const int axis = static_cast<int>(axis_value);
  auto bad_axis = [&] {
    throw GraphError(b.span, graph_error_codes::kArgument,
                     fmt::format("axis {} is out of range for a tensor of shape {}", axis_value, to_string(x)),
                     x.rank == 0 ? "a scalar has no axes" : fmt::format("axes run from {} to {}", -x.rank, x.rank - 1));
  };
  if (has_axis && (axis != axis_value || axis < -x.rank || axis >= x.rank)) bad_axis();
  const int k = axis < 0 ? axis + x.rank : axis;
  Mode m;
  if (has_axis && x.batched && x.rank > 1) {  // its own kernels (attr[1], attr[2]); the mode is unused
    m = kPerRow;
    std::vector<int64_t> out(x.dims.begin(), x.dims.begin() + x.rank);
    out.erase(out.begin() + k);
    b.out = Layout::per_example(out);
    axis_view(b, x, k);
    const int op = b.name == "sum" ? 0 : b.name == "mean" ? 1 : 2;
    static constexpr KernelFn kFwd[] = {axis_reduce_fwd<0>, axis_reduce_fwd<1>, axis_reduce_fwd<2>};
    static constexpr KernelFn kBwd[] = {axis_reduce_bwd<0>, axis_reduce_bwd<1>, axis_reduce_bwd<2>};
    fwd = kFwd[op];
    bwd = kBwd[op];
  } else if (x.batched) {
    m = kPerRow;  // rank 0 or 1: every per-example reduction is one number per row
    b.out = Layout::per_example(0, 1);
  } else if (x.rank < 2 || !has_axis) {
    m = kAll;
    b.out = Layout::scalar();
  } else if (k == 0) {
    m = kPerCol;
    b.out = Layout::row(x.cols);
  } else {
    m = kPerRow;
    b.out = Layout::row(x.rows);
  }
  b.attr[0] = static_cast<float>(m);
  b.forward = fwd;
  b.backward = bwd;
}
void bind_sum(Binding& b) { bind_reduce(b, sum_fwd, sum_bwd); }
void bind_mean(Binding& b) { bind_reduce(b, mean_fwd, mean_bwd); }
void bind_max(Binding& b) { bind_reduce(b, max_fwd, max_bwd); }

// ---- softmax and log_softmax along any axis (the last by default) --------------------------
// Along the last axis the rows are contiguous (the fast path below); along
// another one the kernels walk each line of the axis with a stride
// (outer × len × inner, attr[1], attr[2]; attr[0] = 1 marks it).
using Line = Eigen::Map<Eigen::VectorXf, 0, Eigen::InnerStride<>>;
template <class F>
void each_line(RunState& s, const Node& nd, F&& f) {
  const Strided g = strided(s, nd.args[0], nd.attr[1], nd.attr[2]);
  const Tensor& x = s.tensors[nd.args[0]];
  const Tensor& y = s.tensors[nd.out];
  for (int64_t o = 0; o < g.outer; ++o)
    for (int64_t i = 0; i < g.inner; ++i) {
      const int64_t at = o * g.len * g.inner + i;
      const Eigen::InnerStride<> st(g.inner);
      f(Line(x.data + at, g.len, st), Line(y.data + at, g.len, st), x.grad ? Line(x.grad + at, g.len, st) : Line(nullptr, 0, st),
        y.grad ? Line(y.grad + at, g.len, st) : Line(nullptr, 0, st));
    }
}
void softmax_axis_fwd(RunState& s, const Node& nd) {
  each_line(s, nd, [](Line x, Line y, Line, Line) {
    const float m = x.maxCoeff();
    y.array() = (x.array() - m).exp();
    y /= y.sum();
  });
}
void softmax_axis_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const bool acc = nd.accumulate(0);
  each_line(s, nd, [acc](Line, Line y, Line dx, Line g) {
    const float dot = g.dot(y);
    store(dx.array(), y.array() * (g.array() - dot), acc);
  });
}
void log_softmax_axis_fwd(RunState& s, const Node& nd) {
  each_line(s, nd, [](Line x, Line y, Line, Line) {
    const float m = x.maxCoeff();
    const float lse = m + std::log((x.array() - m).exp().sum());
    y.array() = x.array() - lse;
  });
}
void log_softmax_axis_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  const bool acc = nd.accumulate(0);
  each_line(s, nd, [acc](Line, Line y, Line dx, Line g) {
    const float total = g.sum();
    store(dx.array(), g.array() - y.array().exp() * total, acc);
  });
}

// ---- softmax and log_softmax along the last axis --------------------------------------
// The last axis of any tensor as rows of `len` (attr[1]) numbers.
MatrixMap lines(RunState& s, int id, const Node& nd, bool grad) {
  Tensor& t = s.tensors[id];
  const auto len = static_cast<int64_t>(nd.attr[1]);
  return MatrixMap(grad ? t.grad : t.data, live_rows(s, t) * t.layout.cols / len, len);
}
// softmax: y = e^(x−m) / Σ e^(x−m);  ∂L/∂x = y ⊙ (g − Σ g⊙y)
void softmax_fwd(RunState& s, const Node& nd) {
  MatrixMap x = lines(s, nd.args[0], nd, false), y = lines(s, nd.out, nd, false);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const float m = x.row(i).maxCoeff();
    y.row(i).array() = (x.row(i).array() - m).exp();
    y.row(i) /= y.row(i).sum();
  }
}
void softmax_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap y = lines(s, nd.out, nd, false), g = lines(s, nd.out, nd, true), dx = lines(s, nd.args[0], nd, true);
  const bool acc = nd.accumulate(0);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    const float dot = g.row(i).dot(y.row(i));
    store(dx.row(i).array(), y.row(i).array() * (g.row(i).array() - dot), acc);
  }
}
// log_softmax: y = x − m − log Σ e^(x−m);  ∂L/∂x = g − e^y · Σ g
void log_softmax_fwd(RunState& s, const Node& nd) {
  MatrixMap x = lines(s, nd.args[0], nd, false), y = lines(s, nd.out, nd, false);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const float m = x.row(i).maxCoeff();
    const float lse = m + std::log((x.row(i).array() - m).exp().sum());
    y.row(i).array() = x.row(i).array() - lse;
  }
}
void log_softmax_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap y = lines(s, nd.out, nd, false), g = lines(s, nd.out, nd, true), dx = lines(s, nd.args[0], nd, true);
  const bool acc = nd.accumulate(0);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    const float total = g.row(i).sum();
    store(dx.row(i).array(), g.row(i).array() - y.row(i).array().exp() * total, acc);
  }
}
// axis: k (from 0, negative from the end; the last by default) of the
// per-example shape, or of the tensor's own shape when it has no batch axis.
template <KernelFn Fwd, KernelFn Bwd, KernelFn AxisFwd, KernelFn AxisBwd>
void bind_rowwise(Binding& b) {
  if (b.args.size() != 1) b.fail(fmt::format("`{}` takes one tensor", b.name));
  b.check_attrs({"axis"});
  const Layout& x = b.args[0];
  b.out = x;
  const double axis_value = b.attr_or("axis", -1);
  const int axis = static_cast<int>(axis_value);
  const int rank = std::max(x.rank, 1);
  if (axis != axis_value || axis < -rank || axis >= rank)
    throw GraphError(b.span, graph_error_codes::kArgument,
                     fmt::format("axis {} is out of range for a tensor of shape {}", axis_value, to_string(x)),
                     fmt::format("axes run from {} to {}", -rank, rank - 1));
  const int k = axis < 0 ? axis + rank : axis;
  if (x.rank == 0 || k == x.rank - 1) {  // the contiguous last axis
    b.attr[1] = static_cast<float>(x.rank == 0 ? 1 : x.dim(x.rank - 1));
    b.forward = Fwd;
    b.backward = Bwd;
    return;
  }
  axis_view(b, x, k);
  b.attr[0] = 1;
  b.forward = AxisFwd;
  b.backward = AxisBwd;
}

constexpr std::array kReduce = {
    KernelDef{"sum", bind_sum},
    KernelDef{"mean", bind_mean},
    KernelDef{"max", bind_max},
    KernelDef{"softmax", bind_rowwise<softmax_fwd, softmax_bwd, softmax_axis_fwd, softmax_axis_bwd>},
    KernelDef{"log_softmax", bind_rowwise<log_softmax_fwd, log_softmax_bwd, log_softmax_axis_fwd, log_softmax_axis_bwd>},
};

}  // namespace

std::span<const KernelDef> reduce_kernels() { return kReduce; }

}  // namespace xp::rt
