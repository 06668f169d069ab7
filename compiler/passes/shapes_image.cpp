// Image ops over per-example [height, width, channels] tensors (channels last):
//   conv2d(x: [H, W, C], K: [kh, kw, C, F], stride: s, padding: valid)
//       → [(H − kh) / s + 1, (W − kw) / s + 1, F]      (`/` rounds down)
//   padding: same → [(H + s − 1) / s, (W + s − 1) / s, F]  (⌈H / s⌉)
//   dilation: d spaces the taps: a window of d·(kh − 1) + 1 rows (shapes_sequence.cpp)
//   max_pool / avg_pool(x, size: k, stride: s = k) → [(H − k) / s + 1, (W − k) / s + 1, C]
//   global_avg_pool(x) → [C];  flatten(x: [d1, …, dn]) → [d1·…·dn]
//   reshape(x, shape: [a, b, …]) → [a, b, …] when a·b·… equals the size of x
// A valid window must fit: H − kh ≥ 0 for every value of the hypers in
// them (E0321 names the values it fails for). Over a model's generic sizes
// the fact is kept and proved again at each call and at `train`
// (shapes_deferred.cpp), as is a reshape's count over them.
#include <fmt/format.h>

#include "compiler/passes/shape_checker.h"

namespace xp::shapes {

bool Checker::image_rank(Span at, const std::string& fn, const TensorType& x) {
  if (x.shape.size() == 3 && x.batched) return true;
  d_.report(diag::image_op_mismatch(
      at, fn,
      fmt::format("needs a per-example image [height, width, channels], got {}{}", ir::shape_str(x.shape),
                  x.batched ? "" : " (not per example)"),
      ""));
  return false;
}

// The size passed as `name:` (an integer, an integer hyper or input), or `fallback`.
std::optional<ir::Dim> Checker::named_size(const ast::Call& call, const std::string& name,
                                           std::optional<ir::Dim> fallback) {
  for (const auto& a : call.args) {
    if (a.name != name) continue;
    auto d = dim_of(a.value);
    if (d) require_positive(*d, p_.expr(a.value).span);
    return d;
  }
  return fallback;
}

bool Checker::same_padding(const ast::Call& call) const {
  for (const auto& a : call.args)
    if (a.name == "padding")
      if (auto* n = std::get_if<ast::Name>(&p_.expr(a.value).node)) return n->name == "same";
  return false;
}

TensorType Checker::conv2d(Span at, const ast::Call& call, const std::vector<TensorType>& args) {
  if (args.size() != 2) return unknown();  // the kinds pass reports the count
  const TensorType& x = args[0];
  const TensorType& k = args[1];
  if (!image_rank(at, "conv2d", x)) return unknown();
  if (k.batched || k.shape.size() != 4) {
    d_.report(diag::image_op_mismatch(
        at, "conv2d",
        fmt::format("needs filters [k, k, channels, filters], got {}", ir::shape_str(k.shape)), ""));
    return unknown();
  }
  if (auto fail = prover_.equal(k.shape[2], x.shape[2])) {
    d_.report(diag::image_op_mismatch(at, "conv2d",
                                      fmt::format("filters {} do not match the channels of {} ({} vs {})",
                                                  ir::shape_str(k.shape), ir::shape_str(x.shape), k.shape[2].str(),
                                                  x.shape[2].str()),
                                      when_text(*fail)));
    return unknown();
  }
  auto stride = named_size(call, "stride", ir::Dim::of(1));
  auto dilation = named_size(call, "dilation", ir::Dim::of(1));
  if (!stride || !dilation) return unknown();
  TensorType out;
  out.batched = true;
  const bool same = same_padding(call);
  const char* axes[] = {"height", "width"};
  for (int a = 0; a < 2; ++a) {
    const ir::Dim& in = x.shape[static_cast<size_t>(a)];
    const ir::Dim window = dilated(k.shape[static_cast<size_t>(a)], dilation);
    if (same) {
      out.shape.push_back(ir::Dim::floor_div(in + *stride + ir::Dim::of(-1), *stride));
      continue;
    }
    if (!check_window({"conv2d", axes[a], in, window, at, "", at}, at)) return unknown();  // one error, not one per axis
    out.shape.push_back(ir::Dim::floor_div(in + window.scaled(-1), *stride) + ir::Dim::of(1));
  }
  out.shape.push_back(k.shape[3]);
  return out;
}

TensorType Checker::pool(Span at, const ast::Call& call, const std::string& fn, const TensorType& x) {
  if (!image_rank(at, fn, x)) return unknown();
  auto size = named_size(call, "size", ir::Dim::of(2));
  if (!size) return unknown();
  auto stride = named_size(call, "stride", size);
  if (!stride) return unknown();
  TensorType out;
  out.batched = true;
  const char* axes[] = {"height", "width"};
  for (int a = 0; a < 2; ++a) {
    const ir::Dim& in = x.shape[static_cast<size_t>(a)];
    if (!check_window({fn, axes[a], in, *size, at, "", at}, at)) return unknown();
    out.shape.push_back(ir::Dim::floor_div(in + size->scaled(-1), *stride) + ir::Dim::of(1));
  }
  out.shape.push_back(x.shape[2]);
  return out;
}

TensorType Checker::global_pool(Span at, const std::string& fn, const TensorType& x) {
  if (!image_rank(at, fn, x)) return unknown();
  TensorType out;
  out.batched = true;
  out.shape.push_back(x.shape[2]);
  return out;
}

TensorType Checker::flatten(const TensorType& x) {
  TensorType out;
  out.batched = x.batched;
  ir::Dim n = ir::Dim::of(1);
  for (const auto& d : x.shape) n = ir::Dim::product(n, d);
  out.shape.push_back(n);
  return out;
}

TensorType Checker::reshape(Span at, const ast::Call& call, const TensorType& x) {
  const ast::List* list = nullptr;
  for (const auto& a : call.args)
    if (a.name == "shape") list = std::get_if<ast::List>(&p_.expr(a.value).node);
  if (!list) {
    d_.report(diag::image_op_mismatch(at, "reshape", "needs the new shape as a list of sizes: `shape: [8, 8, 1]`", ""));
    return unknown();
  }
  TensorType out;
  out.batched = x.batched;
  for (ast::ExprId item : list->items) {
    auto d = dim_of(item);
    if (!d) return unknown();
    require_positive(*d, p_.expr(item).span);
    out.shape.push_back(*d);
  }
  const TensorType before = flatten(x), after = flatten(out);
  if (!check_reshape({before.shape[0], after.shape[0], x.shape, out.shape, at, "", at}, at)) return unknown();
  return out;
}

}  // namespace xp::shapes
