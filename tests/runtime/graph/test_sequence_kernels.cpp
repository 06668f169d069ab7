// Sequence kernels against their definitions (the gradient checks in
// test_gradients.cpp cover the backward passes): permute, softmax along an
// axis, @ over leading axes, conv1d with dilation, attention with masks,
// layer_norm.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "runtime/graph/builder.h"
#include "tests/runtime/graph/gradcheck.h"
#include "runtime/core/errors.h"

using namespace xp;
using namespace xp::rt;

namespace {
Layout seq(std::initializer_list<int64_t> dims) {
  return Layout::per_example(std::span<const int64_t>(dims.begin(), dims.size()));
}
Matrix ramp(Eigen::Index rows, Eigen::Index cols, float a = 0.37f) {
  Matrix X(rows, cols);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = std::sin(a * static_cast<float>(i) + 0.1f);
  return X;
}
void fill_params(Executable& exe, float a) {
  for (const auto& p : exe.param_info()) {
    auto v = exe.param_values(p);
    for (size_t i = 0; i < v.size(); ++i) v[i] = std::cos(a * static_cast<float>(i + p.offset) + 0.2f);
  }
}
}  // namespace

TEST_CASE("permute and transpose move each element to its new place") {
  GraphBuilder g(1);
  const int x = g.input("x", seq({2, 3, 4}));
  const int p = g.apply("permute", {x}, {{"axis", 2}, {"axis", 0}, {"axis", 1}});
  CHECK(g.layout(p).shape() == std::vector<int64_t>{4, 2, 3});
  const int t = g.apply("transpose", {x});
  CHECK(g.layout(t).shape() == std::vector<int64_t>{2, 4, 3});
  const int both = g.apply("concat", {g.apply("flatten", {p}), g.apply("flatten", {t})});
  Executable exe = g.build(-1, both, 2);
  const Matrix X = ramp(2, 24);
  const Matrix Y = exe.predict(X);
  for (Eigen::Index r = 0; r < 2; ++r)
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 3; ++b)
        for (int c = 0; c < 4; ++c) {
          const float v = X(r, (a * 3 + b) * 4 + c);
          CHECK(Y(r, (c * 2 + a) * 3 + b) == v);        // permute [2, 0, 1]: y[c, a, b]
          CHECK(Y(r, 24 + (a * 4 + c) * 3 + b) == v);   // transpose: y[a, c, b]
        }
  GraphBuilder bad(1);
  const int z = bad.input("z", seq({2, 3}));
  CHECK_THROWS_AS(bad.apply("permute", {z}, {{"axis", 0}, {"axis", 0}}), GraphError);
  CHECK_THROWS_AS(bad.apply("permute", {z}, {{"axis", 1}}), GraphError);
  CHECK_THROWS_AS(bad.apply("transpose", {bad.input("v", Layout::per_example(1, 3))}), GraphError);
}

TEST_CASE("softmax along an axis sums to 1 along that axis only") {
  GraphBuilder g(1);
  const int x = g.input("x", seq({3, 4}));
  const int y = g.apply("softmax", {x}, {{"axis", 0}});
  Executable exe = g.build(-1, y, 2);
  const Matrix Y = exe.predict(ramp(2, 12, 1.3f));
  for (Eigen::Index r = 0; r < 2; ++r)
    for (int c = 0; c < 4; ++c) CHECK(Y(r, c) + Y(r, 4 + c) + Y(r, 8 + c) == doctest::Approx(1.0));
  GraphBuilder bad(1);
  CHECK_THROWS_AS(bad.apply("softmax", {bad.input("z", seq({3, 4}))}, {{"axis", 2}}), GraphError);
}

TEST_CASE("@ over leading axes: per example, per head, shared operands") {
  GraphBuilder g(1);
  const int x = g.input("x", seq({3, 4}));            // [t, d]
  const int W = g.param("W", Layout::of({2, 4, 5}), testing::init_spec("zeros"));  // [heads, d, e]
  const int y = g.apply("matmul", {x, W});
  CHECK(g.layout(y).shape() == std::vector<int64_t>{2, 3, 5});
  const int xx = g.apply("matmul", {x, g.apply("transpose", {x})});  // [t, t] per example
  CHECK(g.layout(xx).shape() == std::vector<int64_t>{3, 3});
  const int all = g.apply("concat", {g.apply("flatten", {y}), g.apply("flatten", {xx})});
  Executable exe = g.build(-1, all, 2);
  fill_params(exe, 0.11f);
  const Matrix X = ramp(2, 12);
  const Matrix Y = exe.predict(X);
  auto w = exe.param_values(exe.param_info()[0]);
  for (Eigen::Index r = 0; r < 2; ++r)
    for (int h = 0; h < 2; ++h)
      for (int t = 0; t < 3; ++t)
        for (int e = 0; e < 5; ++e) {
          double want = 0;
          for (int d = 0; d < 4; ++d) want += X(r, t * 4 + d) * w[static_cast<size_t>((h * 4 + d) * 5 + e)];
          CHECK(Y(r, (h * 3 + t) * 5 + e) == doctest::Approx(want).epsilon(1e-5));
        }
  for (Eigen::Index r = 0; r < 2; ++r)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        double want = 0;
        for (int d = 0; d < 4; ++d) want += X(r, i * 4 + d) * X(r, j * 4 + d);
        CHECK(Y(r, 30 + i * 3 + j) == doctest::Approx(want).epsilon(1e-5));
      }
  GraphBuilder bad(1);
  const int a = bad.input("a", seq({2, 3, 4}));
  CHECK_THROWS_AS(bad.apply("matmul", {a, bad.param("B", Layout::of({3, 4, 5}), testing::init_spec("zeros"))}), GraphError);  // 2 ≠ 3 heads
}

TEST_CASE("conv1d with stride, padding and dilation matches the definition") {
  struct Case { int64_t t, c, k, f, stride, dil; bool same; int64_t to, pad; };
  // same: ⌈t / s⌉ outputs, padding (out − 1)·s + d·(k − 1) + 1 − t split with the extra one after
  for (const Case& q : {Case{9, 2, 3, 2, 1, 2, false, 5, 0}, Case{10, 1, 3, 3, 2, 1, false, 4, 0},
                        Case{7, 2, 3, 2, 1, 2, true, 7, 2}, Case{8, 1, 2, 2, 2, 3, true, 4, 1}}) {
    GraphBuilder g(1);
    const int x = g.input("x", seq({q.t, q.c}));
    const int K = g.param("K", Layout::of({q.k, q.c, q.f}), testing::init_spec("zeros"));
    const int y = g.apply("conv1d", {x, K},
                          {{"stride", static_cast<double>(q.stride)}, {"dilation", static_cast<double>(q.dil)},
                           {"padding", q.same ? 1.0 : 0.0}});
    REQUIRE(g.layout(y).shape() == std::vector<int64_t>{q.to, q.f});
    Executable exe = g.build(-1, y, 2);
    fill_params(exe, 0.7f);
    auto kv = exe.param_values(exe.param_info()[0]);
    const Matrix X = ramp(2, q.t * q.c);
    const Matrix Y = exe.predict(X);
    for (Eigen::Index r = 0; r < 2; ++r)
      for (int64_t o = 0; o < q.to; ++o)
        for (int64_t f = 0; f < q.f; ++f) {
          double want = 0;
          for (int64_t j = 0; j < q.k; ++j)
            for (int64_t ch = 0; ch < q.c; ++ch) {
              const int64_t i = o * q.stride - q.pad + j * q.dil;
              if (i >= 0 && i < q.t) want += X(r, i * q.c + ch) * kv[static_cast<size_t>((j * q.c + ch) * q.f + f)];
            }
          CHECK(Y(r, o * q.f + f) == doctest::Approx(want).epsilon(1e-5));
        }
  }
  GraphBuilder bad(1);
  const int x = bad.input("x", seq({5, 1}));
  CHECK_THROWS_AS(bad.apply("conv1d", {x, bad.param("K", Layout::of({3, 1, 2}), testing::init_spec("zeros"))}, {{"dilation", 3}}),
                  GraphError);  // spans 7 > 5
}

TEST_CASE("attention: softmax(q·kᵀ/√d)·v, a causal mask and a padding mask hide what they should") {
  for (int variant = 0; variant < 3; ++variant) {  // 0 plain, 1 causal, 2 padding mask
    CAPTURE(variant);
    GraphBuilder g(1);
    const int q = g.input("q", seq({3, 2}));  // self-attention: q = k = v
    std::vector<int> args = {q, q, q};
    if (variant == 2) args.push_back(g.input("m", Layout::per_example(1, 3)));
    const int y = g.apply("attention", args, variant == 1 ? std::vector<Attr>{{"causal", 1}} : std::vector<Attr>{});
    Executable exe = g.build(-1, y, 1);
    const Matrix X = ramp(1, 6, 0.9f);
    exe.input_buffer().row(0) = X.row(0);
    if (variant == 2) {  // the last key is padding
      Tensor& m = exe.tensor(args[3]);
      m.data[0] = 1, m.data[1] = 1, m.data[2] = 0;
    }
    exe.set_rows(1);
    exe.forward_prediction();
    const ConstMatrixMap Y = exe.output();
    const float scale = 1.f / std::sqrt(2.f);
    for (int i = 0; i < 3; ++i) {
      double w[3], total = 0;
      for (int j = 0; j < 3; ++j) {
        const bool hidden = (variant == 1 && j > i) || (variant == 2 && j == 2);
        w[j] = hidden ? 0 : std::exp(scale * (X(0, i * 2) * X(0, j * 2) + X(0, i * 2 + 1) * X(0, j * 2 + 1)));
        total += w[j];
      }
      for (int e = 0; e < 2; ++e) {
        double want = 0;
        for (int j = 0; j < 3; ++j) want += w[j] / total * X(0, j * 2 + e);
        CHECK(Y(0, i * 2 + e) == doctest::Approx(want).epsilon(1e-5));
      }
    }
  }
}

TEST_CASE("layer_norm: each row to mean 0, variance 1, then gain and bias") {
  GraphBuilder g(1);
  const int x = g.input("x", seq({2, 4}));
  const int gain = g.param("g", Layout::row(4), testing::init_spec("zeros"));
  const int bias = g.param("b", Layout::row(4), testing::init_spec("zeros"));
  const int y = g.apply("layer_norm", {x, gain, bias});
  Executable exe = g.build(-1, y, 1);
  for (const auto& p : exe.param_info()) {
    auto v = exe.param_values(p);
    for (size_t i = 0; i < v.size(); ++i) v[i] = p.name == "g" ? 2.f : 0.5f;
  }
  const Matrix X = ramp(1, 8, 1.1f);
  const Matrix Y = exe.predict(X);
  for (int r = 0; r < 2; ++r) {
    double mean = 0, var = 0;
    for (int c = 0; c < 4; ++c) mean += (Y(0, r * 4 + c) - 0.5) / 2 / 4;
    for (int c = 0; c < 4; ++c) var += std::pow((Y(0, r * 4 + c) - 0.5) / 2 - mean, 2) / 4;
    CHECK(mean == doctest::Approx(0).epsilon(1e-5));
    CHECK(var == doctest::Approx(1).epsilon(1e-3));
  }
}

TEST_CASE("masked_mean: the mean over the positions whose mask (token ids: 0 pads) is not 0") {
  GraphBuilder g(1);
  const int x = g.input("x", seq({4, 2}));
  const int m = g.input("ids", Layout::per_example(1, 4));
  const int y = g.apply("masked_mean", {x, m});
  CHECK(g.layout(y).shape() == std::vector<int64_t>{2});
  Executable exe = g.build(-1, y, 2);
  const Matrix X = ramp(2, 8, 0.7f);
  exe.input_buffer().topRows(2) = X;
  Tensor& ids = exe.tensor(m);
  const float rows[2][4] = {{7, 3, 0, 0}, {0, 0, 0, 0}};  // two words then padding; all padding
  for (int r = 0; r < 2; ++r)
    for (int t = 0; t < 4; ++t) ids.data[r * 4 + t] = rows[r][t];
  exe.set_rows(2);
  exe.forward_prediction();
  const ConstMatrixMap Y = exe.output();
  for (int e = 0; e < 2; ++e) {
    CHECK(Y(0, e) == doctest::Approx((X(0, e) + X(0, 2 + e)) / 2).epsilon(1e-6));
    CHECK(Y(1, e) == 0.0f);  // nothing kept: zeros, as attention gives a query with no keys
  }
  GraphBuilder bad(1);
  const int z = bad.input("z", seq({4, 2}));
  CHECK_THROWS_AS(bad.apply("masked_mean", {z, bad.input("m", Layout::per_example(1, 3))}), GraphError);
}
