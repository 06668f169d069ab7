// Sequence ops over per-example [t, d] tensors (and [heads, t, d]):
//   conv1d(x: [T, C], K: [k, C, F], stride: s, dilation: d, padding: valid)
//       → [(T − d·(k − 1) − 1) / s + 1, F];  padding: same → [(T + s − 1) / s, F]
//   transpose(x: [.., a, b]) → [.., b, a]
//   permute(x, axes: [p0, p1, …]) → [x[p0], x[p1], …] (each axis once)
//   attention(q: [.., t, d], k: [.., s, d], v: [.., s, e], mask: [s]) → [.., t, e]
//   layer_norm / batch_norm(x: [.., d], gain: [d], bias: [d]) → x's shape
//   softmax / log_softmax(x, axis: k) → x's shape, k an axis of x
//   a @ b over leading axes: [.., n, k] @ [.., k, m] → [.., n, m], the
//     leading axes (all but the last two) equal, or absent on one side
//     (that operand is shared); [.., n, k] @ [k] → [.., n]
// Shapes that do not fit are E0323 (a window that does not fit, E0321).
#include <fmt/format.h>

#include "compiler/passes/shape_checker.h"

namespace xp::shapes {
namespace {

const char* kSeqHelp = "sequences are per-example [length, features]; attention takes q [.., t, d], k [.., s, d], "
                       "v [.., s, e]; conv1d's filters are [k, channels, filters] (declare them as a param)";

}  // namespace

// The extent of k taps `dilation` apart: d·(k − 1) + 1.
ir::Dim Checker::dilated(const ir::Dim& k, const std::optional<ir::Dim>& dilation) {
  if (!dilation || (dilation->is_const() && dilation->constant == 1)) return k;
  if (dilation->is_const()) return k.scaled(dilation->constant) + ir::Dim::of(1 - dilation->constant);
  if (k.is_const()) return dilation->scaled(k.constant - 1) + ir::Dim::of(1);
  return ir::Dim::product(*dilation, k) + dilation->scaled(-1) + ir::Dim::of(1);
}

TensorType Checker::conv1d(Span at, const ast::Call& call, const std::vector<TensorType>& args) {
  if (args.size() != 2) return unknown();  // the kinds pass reports the count
  const TensorType& x = args[0];
  const TensorType& k = args[1];
  if (x.shape.size() != 2 || !x.batched) {
    d_.report(diag::sequence_op_mismatch(
        at, "conv1d",
        fmt::format("needs a per-example sequence [length, channels], got {}{}", ir::shape_str(x.shape),
                    x.batched ? "" : " (not per example)"),
        "", kSeqHelp));
    return unknown();
  }
  if (k.batched || k.shape.size() != 3) {
    d_.report(diag::sequence_op_mismatch(
        at, "conv1d", fmt::format("needs filters [k, channels, filters], got {}", ir::shape_str(k.shape)), "", kSeqHelp));
    return unknown();
  }
  if (auto fail = prover_.equal(k.shape[1], x.shape[1])) {
    d_.report(diag::sequence_op_mismatch(at, "conv1d",
                                         fmt::format("filters {} do not match the channels of {} ({} vs {})",
                                                     ir::shape_str(k.shape), ir::shape_str(x.shape), k.shape[1].str(),
                                                     x.shape[1].str()),
                                         when_text(*fail), kSeqHelp));
    return unknown();
  }
  auto stride = named_size(call, "stride", ir::Dim::of(1));
  auto dilation = named_size(call, "dilation", ir::Dim::of(1));
  if (!stride || !dilation) return unknown();
  TensorType out;
  out.batched = true;
  const ir::Dim& in = x.shape[0];
  if (same_padding(call)) {
    out.shape.push_back(ir::Dim::floor_div(in + *stride + ir::Dim::of(-1), *stride));
  } else {
    const ir::Dim window = dilated(k.shape[0], dilation);
    if (!check_window({"conv1d", "length", in, window, at, "", at}, at)) return unknown();
    out.shape.push_back(ir::Dim::floor_div(in + window.scaled(-1), *stride) + ir::Dim::of(1));
  }
  out.shape.push_back(k.shape[2]);
  return out;
}

TensorType Checker::transpose(Span at, const TensorType& x) {
  if (x.shape.size() < 2) {
    d_.report(diag::sequence_op_mismatch(at, "transpose",
                                         fmt::format("swaps the last two axes and needs at least two, got {}",
                                                     ir::shape_str(x.shape)),
                                         "", "use permute(x, axes: [...]) to reorder other axes"));
    return unknown();
  }
  TensorType out = x;
  std::swap(out.shape[out.shape.size() - 1], out.shape[out.shape.size() - 2]);
  return out;
}

TensorType Checker::permute(Span at, const ast::Call& call, const TensorType& x) {
  const ast::List* list = nullptr;
  for (const auto& a : call.args)
    if (a.name == "axes") list = std::get_if<ast::List>(&p_.expr(a.value).node);
  const size_t rank = x.shape.size();
  const std::string help = fmt::format("give each axis of {} once, a number from 0 to {}: axes: [1, 0{}]",
                                       ir::shape_str(x.shape), rank == 0 ? 0 : rank - 1, rank > 2 ? ", 2" : "");
  if (!list) {
    d_.report(diag::sequence_op_mismatch(at, "permute", "needs the new order as a list of axes: `axes: [1, 0]`", "", help));
    return unknown();
  }
  std::vector<bool> seen(rank, false);
  TensorType out;
  out.batched = x.batched;
  for (ast::ExprId item : list->items) {
    auto k = constant_int(item);
    if (!k || *k < 0 || static_cast<size_t>(*k) >= rank || seen[static_cast<size_t>(*k)]) {
      d_.report(diag::sequence_op_mismatch(
          p_.expr(item).span, "permute",
          k ? fmt::format("axis {} is {} for {}", *k, *k >= 0 && static_cast<size_t>(*k) < rank ? "repeated" : "not an axis",
                          ir::shape_str(x.shape))
            : std::string("axes are whole numbers written out (0, 1, …)"),
          "", help));
      return unknown();
    }
    seen[static_cast<size_t>(*k)] = true;
    out.shape.push_back(x.shape[static_cast<size_t>(*k)]);
  }
  if (out.shape.size() != rank) {
    d_.report(diag::sequence_op_mismatch(at, "permute",
                                         fmt::format("orders {} of the {} axes of {}", out.shape.size(), rank,
                                                     ir::shape_str(x.shape)),
                                         "", help));
    return unknown();
  }
  return out;
}

TensorType Checker::attention(Span at, const std::vector<TensorType>& args) {
  if (args.size() < 3) return unknown();
  const TensorType &q = args[0], &k = args[1], &v = args[2];
  auto mismatch = [&](const std::string& why, const std::string& when) {
    d_.report(diag::sequence_op_mismatch(at, "attention",
                                         fmt::format("{}: q {}, k {}, v {}", why, ir::shape_str(q.shape),
                                                     ir::shape_str(k.shape), ir::shape_str(v.shape)),
                                         when, kSeqHelp));
    return unknown();
  };
  for (const TensorType* t : {&q, &k, &v})
    if (t->shape.size() < 2 || !t->batched) return mismatch("needs per-example sequences [t, d] (or [heads, t, d])", "");
  const size_t r = q.shape.size();
  if (k.shape.size() != r || v.shape.size() != r) return mismatch("needs q, k and v of the same rank", "");
  for (size_t i = 0; i + 2 < r; ++i)
    for (const TensorType* t : {&k, &v})
      if (auto fail = prover_.equal(q.shape[i], t->shape[i])) return mismatch("needs the same leading axes (heads)", when_text(*fail));
  if (auto fail = prover_.equal(q.shape[r - 1], k.shape[r - 1]))
    return mismatch(fmt::format("needs queries and keys of one width ({} vs {})", q.shape[r - 1].str(), k.shape[r - 1].str()),
                    when_text(*fail));
  if (auto fail = prover_.equal(k.shape[r - 2], v.shape[r - 2]))
    return mismatch(fmt::format("needs a value per key ({} keys, {} values)", k.shape[r - 2].str(), v.shape[r - 2].str()),
                    when_text(*fail));
  if (args.size() > 3) {
    const TensorType& m = args[3];
    const bool fits = m.batched && m.shape.size() == 1 && !prover_.equal(m.shape[0], k.shape[r - 2]);
    if (!fits) return mismatch(fmt::format("needs a mask of one number per key, [{}], got {}", k.shape[r - 2].str(), ir::shape_str(m.shape)), "");
  }
  TensorType out = q;
  out.shape.back() = v.shape.back();
  return out;
}

// masked_mean(x [T, ..], mask [T]) → [..]: the mask is per example and
// one number per position (the token ids themselves: 0 pads).
TensorType Checker::masked_mean(Span at, const std::vector<TensorType>& args) {
  if (args.size() != 2) return unknown();
  const TensorType &x = args[0], &m = args[1];
  auto mismatch = [&](const std::string& why, const std::string& when) {
    d_.report(diag::sequence_op_mismatch(at, "masked_mean",
                                         fmt::format("{}: x {}, mask {}", why, ir::shape_str(x.shape), ir::shape_str(m.shape)),
                                         when,
                                         "masked_mean(h, ids) averages h [T, ..] over the positions whose mask (ids [T]: "
                                         "0 pads) is not 0"));
    return unknown();
  };
  if (x.shape.empty() || !x.batched) return mismatch("needs a per-example sequence [T, ..]", "");
  if (m.shape.size() != 1 || !m.batched) return mismatch("needs a mask of one number per position, per example", "");
  if (auto fail = prover_.equal(m.shape[0], x.shape[0]))
    return mismatch(fmt::format("needs one mask number per position ({} vs {})", m.shape[0].str(), x.shape[0].str()),
                    when_text(*fail));
  TensorType out = x;
  out.shape.erase(out.shape.begin());
  return out;
}

TensorType Checker::layer_norm(Span at, const std::string& fn, const std::vector<TensorType>& args) {
  if (args.size() != 3) return unknown();
  const TensorType& x = args[0];
  if (x.shape.empty()) {
    d_.report(diag::sequence_op_mismatch(at, fn, "normalises the last axis and needs one, got []", "",
                                         fn + "(x, gain, bias) with gain and bias [d] for x [.., d]"));
    return unknown();
  }
  for (size_t i = 1; i < 3; ++i) {
    const TensorType& g = args[i];
    std::optional<DimProver::Failure> fail;
    const bool fits = !g.batched && g.shape.size() == 1 && !(fail = prover_.equal(g.shape[0], x.shape.back()));
    if (!fits) {
      d_.report(diag::sequence_op_mismatch(
          at, fn,
          fmt::format("{} {} is not one number per feature of {}", i == 1 ? "gain" : "bias", ir::shape_str(g.shape),
                      ir::shape_str(x.shape)),
          fail ? when_text(*fail) : "", fmt::format("declare it as a param [{}]", x.shape.back().str())));
      return unknown();
    }
  }
  return x;
}

TensorType Checker::rowwise(const ast::Call& call, const std::string& fn, const TensorType& x) {
  for (const auto& a : call.args) {
    if (a.name != "axis") continue;
    auto axis = constant_int(a.value);
    if (!axis) return x;  // the kinds pass explains a non-constant axis
    const auto rank = static_cast<long long>(std::max<size_t>(x.shape.size(), 1));
    if (*axis < -rank || *axis >= rank) {
      d_.report(diag::axis_out_of_range(p_.expr(a.value).span, fn, *axis, x.shape.size(), ir::shape_str(x.shape)));
      return unknown();
    }
  }
  return x;
}

TensorType Checker::batched_matmul(Span at, const TensorType& a, const TensorType& b) {
  const size_t ra = a.shape.size(), rb = b.shape.size();
  if (ra < 2) {
    d_.report(diag::matmul_rank(at, ir::shape_str(a.shape), ir::shape_str(b.shape)));
    return unknown();
  }
  const ir::Dim& inner_a = a.shape.back();
  const ir::Dim& inner_b = rb == 1 ? b.shape[0] : b.shape[rb - 2];
  if (auto fail = prover_.equal(inner_a, inner_b)) {
    d_.report(diag::matmul_mismatch(at, ir::shape_str(a.shape), ir::shape_str(b.shape), inner_a.str(), inner_b.str(),
                                    when_text(*fail)));
    return unknown();
  }
  const size_t la = ra - 2, lb = rb >= 2 ? rb - 2 : 0;
  if (la > 0 && lb > 0) {
    std::optional<DimProver::Failure> fail;
    bool same = la == lb;
    for (size_t i = 0; same && i < la; ++i) same = !(fail = prover_.equal(a.shape[i], b.shape[i]));
    if (!same) {
      d_.report(diag::sequence_op_mismatch(
          at, "@", fmt::format("over leading axes needs the same leading axes on both sides: {} @ {}",
                               ir::shape_str(a.shape), ir::shape_str(b.shape)),
          fail ? when_text(*fail) : "",
          "[.., n, k] @ [.., k, m] multiplies matrix by matrix for each index of the leading axes; a side "
          "without leading axes is shared by all of them"));
      return unknown();
    }
  }
  TensorType out;
  out.batched = a.batched || b.batched;
  const ir::Shape& lead = la >= lb ? a.shape : b.shape;
  out.shape.assign(lead.begin(), lead.begin() + static_cast<long>(std::max(la, lb)));
  out.shape.push_back(a.shape[ra - 2]);
  if (rb >= 2) out.shape.push_back(b.shape.back());
  return out;
}

}  // namespace xp::shapes
