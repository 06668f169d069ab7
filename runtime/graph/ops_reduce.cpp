// Reductions (sum, mean, max — over all per-example elements or one axis)
// and the row-normalising ops (softmax, log_softmax).
//
// Reductions work on the per-example shape: sum(h) of a batched [d] tensor is
// one number per example. In storage a reduction collapses rows, columns or
// everything; the mode is fixed at binding.
#include <array>
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
  if (has_axis && x.batched && x.rank > 1)
    throw GraphError(b.span, graph_error_codes::kUnsupported,
                     fmt::format("`{}` along one axis of a per-example tensor of rank {} is not supported", b.name, x.rank),
                     "reduce over every axis (leave out axis:), or use global_avg_pool");
  Mode m;
  if (x.batched) {
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

// ---- softmax and log_softmax along the last axis --------------------------------------
// softmax: y = e^(x−m) / Σ e^(x−m);  ∂L/∂x = y ⊙ (g − Σ g⊙y)
void softmax_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]), y = value(s, nd.out);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const float m = x.row(i).maxCoeff();
    y.row(i).array() = (x.row(i).array() - m).exp();
    y.row(i) /= y.row(i).sum();
  }
}
void softmax_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap y = value(s, nd.out), g = gradient(s, nd.out), dx = gradient(s, nd.args[0]);
  const bool acc = nd.accumulate(0);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    const float dot = g.row(i).dot(y.row(i));
    store(dx.row(i).array(), y.row(i).array() * (g.row(i).array() - dot), acc);
  }
}
// log_softmax: y = x − m − log Σ e^(x−m);  ∂L/∂x = g − e^y · Σ g
void log_softmax_fwd(RunState& s, const Node& nd) {
  MatrixMap x = value(s, nd.args[0]), y = value(s, nd.out);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const float m = x.row(i).maxCoeff();
    const float lse = m + std::log((x.row(i).array() - m).exp().sum());
    y.row(i).array() = x.row(i).array() - lse;
  }
}
void log_softmax_bwd(RunState& s, const Node& nd) {
  if (!wants_grad(s, nd.args[0])) return;
  MatrixMap y = value(s, nd.out), g = gradient(s, nd.out), dx = gradient(s, nd.args[0]);
  const bool acc = nd.accumulate(0);
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    const float total = g.row(i).sum();
    store(dx.row(i).array(), g.row(i).array() - y.row(i).array().exp() * total, acc);
  }
}
template <KernelFn Fwd, KernelFn Bwd>
void bind_rowwise(Binding& b) {
  if (b.args.size() != 1) b.fail(fmt::format("`{}` takes one tensor", b.name));
  b.check_attrs({});
  if (b.args[0].batched && b.args[0].rank > 1)
    throw GraphError(b.span, graph_error_codes::kUnsupported,
                     fmt::format("`{}` of a per-example tensor of rank {} is not supported", b.name, b.args[0].rank),
                     "flatten(x) first");
  b.out = b.args[0];
  b.forward = Fwd;
  b.backward = Bwd;
}

constexpr std::array kReduce = {
    KernelDef{"sum", bind_sum},
    KernelDef{"mean", bind_mean},
    KernelDef{"max", bind_max},
    KernelDef{"softmax", bind_rowwise<softmax_fwd, softmax_bwd>},
    KernelDef{"log_softmax", bind_rowwise<log_softmax_fwd, log_softmax_bwd>},
};

}  // namespace

std::span<const KernelDef> reduce_kernels() { return kReduce; }

}  // namespace xp::rt
