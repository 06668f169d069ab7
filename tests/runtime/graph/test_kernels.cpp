// The kernel table against the stdlib registry, and kernel behaviour that
// gradient checks cannot see (dropout masks, stability, shape errors).
#include <doctest/doctest.h>

#include <cmath>

#include "runtime/graph/builder.h"
#include "tests/runtime/graph/gradcheck.h"
#include "runtime/core/errors.h"
#include "stdlib/builtins.h"

using namespace xp;
using namespace xp::rt;

TEST_CASE("every tensor built-in of the registry has a kernel") {
  int tensor_builtins = 0;
  for (const auto& b : stdlib::all()) {
    const bool tensor = b.category == stdlib::Category::Activation || b.category == stdlib::Category::Tensor ||
                        b.category == stdlib::Category::Loss || b.category == stdlib::Category::Penalty;
    if (!tensor) continue;
    ++tensor_builtins;
    INFO(b.name);
    CHECK(find_kernel(b.name) != nullptr);
  }
  CHECK(tensor_builtins >= 25);
  for (const char* arith : {"add", "sub", "mul", "div", "pow", "neg", "matmul"}) CHECK(find_kernel(arith) != nullptr);
  CHECK(find_kernel("frobnicate") == nullptr);
}

TEST_CASE("dropout: seeded masks while training, identity otherwise") {
  auto build = [](uint64_t seed) {
    GraphBuilder g(seed);
    const int x = g.input("x", Layout::per_example(1, 64), true);
    const int d = g.apply("dropout", {x}, {{"rate", 0.25}});
    return std::pair{g.build(g.apply("sum", {d}), d, 8), x};
  };
  auto [exe, x] = build(3);
  exe.set_rows(8);
  MatrixMap in(exe.tensor(x).data, 8, 64);
  in.setConstant(1.f);
  exe.forward(true);
  Matrix y = exe.output();
  int kept = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const float v = y.data()[i];
    CHECK((v == 0.f || v == doctest::Approx(1 / 0.75)));
    kept += v != 0.f;
  }
  CHECK(kept > 300);  // 512 draws, keep probability 0.75
  CHECK(kept < 470);
  exe.backward();
  MatrixMap g(exe.tensor(x).grad, 8, 64);
  // d(mean over batch of row sums)/dx = mask / rows
  CHECK(g.isApprox(y / 8.f));
  auto [again, x2] = build(3);
  again.set_rows(8);
  MatrixMap(again.tensor(x2).data, 8, 64).setConstant(1.f);
  again.forward(true);
  CHECK(Matrix(again.output()) == y);
  exe.forward(false);
  CHECK(Matrix(exe.output()) == Matrix(in));
}

TEST_CASE("cross_entropy and softmax are stable for large logits") {
  GraphBuilder g(1);
  const int z = g.input("z", Layout::per_example(1, 3));
  const int y = g.target(Layout::per_example(0, 1));
  const int loss = g.apply("cross_entropy", {z, y});
  const int p = g.apply("softmax", {z});
  Executable exe = g.build(loss, p, 2);
  Matrix Z(2, 3), Y(2, 1);
  Z << 1000, 0, -1000, -1000, 999, 1000;
  Y << 0, 1;
  exe.set_batch(Z, Y, 0, 2);
  const float l = exe.forward(true);
  CHECK(std::isfinite(l));
  CHECK(l == doctest::Approx((0 + (1000 + std::log1p(std::exp(-1.0)) - 999)) / 2).epsilon(1e-4));
  exe.forward_prediction();
  CHECK(exe.output().allFinite());
  CHECK(exe.output()(0, 0) == doctest::Approx(1));
}

TEST_CASE("class labels out of range give a non-finite loss at cross_entropy") {
  GraphBuilder g(1);
  const int z = g.input("z", Layout::per_example(1, 3));
  const int y = g.target(Layout::per_example(0, 1));
  Executable exe = g.build(g.apply("cross_entropy", {z, y}, {}, Span{0, 5, 9}), -1, 2);
  Matrix Z = Matrix::Zero(1, 3), Y(1, 1);
  Y << 3;
  exe.set_batch(Z, Y, 0, 1);
  CHECK(std::isnan(exe.forward(true)));
  REQUIRE(exe.find_non_finite().has_value());
  CHECK(exe.find_non_finite()->op == "cross_entropy");
}

TEST_CASE("W @ x, v @ x and x @ x with x per example give each example's product") {
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(1, 4), true);
  const int W = g.param("W", Layout::matrix(3, 4), testing::init_spec("zeros"));
  const int v = g.param("v", Layout::row(4), testing::init_spec("zeros"));
  const int out = g.apply("concat", {g.apply("matmul", {W, x}), g.apply("matmul", {v, x}), g.apply("matmul", {x, x})});
  Executable exe = g.build(g.apply("sum", {out}), out, 2);
  exe.set_rows(2);
  Matrix xs(2, 4), Ws(3, 4), vs(1, 4);
  xs << 1, 2, 3, 4, -1, 0, 2, 0.5;
  Ws << 1, 0, 0, 0, 0, 1, 1, 0, 0.5, -1, 0, 2;
  vs << 2, 0, -1, 1;
  MatrixMap(exe.tensor(x).data, 2, 4) = xs;
  MatrixMap(exe.tensor(W).data, 3, 4) = Ws;
  MatrixMap(exe.tensor(v).data, 1, 4) = vs;
  exe.forward(false);
  Matrix y = exe.output();
  REQUIRE(y.rows() == 2);
  REQUIRE(y.cols() == 5);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 3; ++c) CHECK(y(r, c) == doctest::Approx(Ws.row(c).dot(xs.row(r))));
    CHECK(y(r, 3) == doctest::Approx(vs.row(0).dot(xs.row(r))));
    CHECK(y(r, 4) == doctest::Approx(xs.row(r).squaredNorm()));
  }
}

TEST_CASE("kernels reject shapes that do not fit, with the op's span") {
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(1, 4));
  const int W = g.param("W", Layout::matrix(5, 3), testing::init_spec("zeros"));
  const int v = g.param("v", Layout::row(3), testing::init_spec("zeros"));
  auto code_of = [](auto&& f) {
    try {
      f();
    } catch (const GraphError& e) {
      return e.code() + "@" + std::to_string(e.span().begin);
    }
    return std::string("no error");
  };
  CHECK(code_of([&] { g.apply("matmul", {x, W}, {}, Span{0, 11, 12}); }) == "E0700@11");
  CHECK(code_of([&] { g.apply("add", {x, v}, {}, Span{0, 13, 14}); }) == "E0700@13");
  CHECK(code_of([&] { g.apply("matmul", {W, x}, {}, Span{0, 15, 16}); }) == "E0700@15");
  CHECK(code_of([&] { g.apply("sum", {x}, {{"axis", 2}}, Span{0, 17, 18}); }) == "E0702@17");
  CHECK(code_of([&] { g.apply("relu", {x}, {{"alpha", 2}}, Span{0, 19, 20}); }) == "E0701@19");
  CHECK(code_of([&] { g.apply("dropout", {x}, {{"rate", 1}}, Span{0, 21, 22}); }) == "E0702@21");
  CHECK(code_of([&] { g.apply("mse", {x, v}, {}, Span{0, 23, 24}); }) == "E0700@23");
  CHECK(code_of([&] { g.apply("nope", {x}, {}, Span{0, 25, 26}); }) == "E0701@25");
  CHECK(code_of([&] { g.param("W", Layout::matrix(4, 3), testing::init_spec("zeros"), Span{0, 27, 28}); }) == "E0700@27");
  CHECK_THROWS_AS(g.build(x, -1, 4), GraphError);  // a loss that is not one number
}

namespace {
// conv2d by its definition, for one example: y[oy, ox, f] = Σ x[oy·s − pt + ky, ox·s − pl + kx, c] · K[ky, kx, c, f].
std::vector<float> direct_conv(const std::vector<float>& x, int64_t h, int64_t w, int64_t c, const std::vector<float>& k,
                               int64_t kk, int64_t f, int64_t s, int64_t pt, int64_t pl, int64_t ho, int64_t wo) {
  std::vector<float> y(static_cast<size_t>(ho * wo * f), 0.f);
  for (int64_t oy = 0; oy < ho; ++oy)
    for (int64_t ox = 0; ox < wo; ++ox)
      for (int64_t o = 0; o < f; ++o) {
        double sum = 0;
        for (int64_t ky = 0; ky < kk; ++ky)
          for (int64_t kx = 0; kx < kk; ++kx)
            for (int64_t ch = 0; ch < c; ++ch) {
              const int64_t iy = oy * s - pt + ky, ix = ox * s - pl + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum += x[static_cast<size_t>((iy * w + ix) * c + ch)] * k[static_cast<size_t>(((ky * kk + kx) * c + ch) * f + o)];
            }
        y[static_cast<size_t>((oy * wo + ox) * f + o)] = static_cast<float>(sum);
      }
  return y;
}
}  // namespace

TEST_CASE("conv2d matches the definition: valid and same padding, strides") {
  struct Case { int64_t h, w, c, k, f, stride; bool same; int64_t ho, wo, pt, pl; };
  // same: ⌈h / s⌉ outputs, the padding split with the extra one after (TensorFlow's rule)
  for (const Case& t : {Case{5, 6, 2, 3, 3, 1, false, 3, 4, 0, 0}, Case{7, 7, 1, 3, 2, 2, false, 3, 3, 0, 0},
                        Case{5, 5, 2, 3, 2, 1, true, 5, 5, 1, 1}, Case{6, 5, 1, 2, 2, 2, true, 3, 3, 0, 0}}) {
    const int64_t dims[] = {t.h, t.w, t.c};
    GraphBuilder g(3);
    const int x = g.input("x", Layout::per_example(dims));
    const int K = g.param("K", Layout::of({t.k, t.k, t.c, t.f}), testing::init_spec("zeros"));
    const int y = g.apply("conv2d", {x, K}, {{"stride", static_cast<double>(t.stride)}, {"padding", t.same ? 1.0 : 0.0}});
    const Layout out = g.layout(y);
    CHECK(out.shape() == std::vector<int64_t>{t.ho, t.wo, t.f});
    Executable exe = g.build(-1, y, 2);
    std::vector<float> kv(static_cast<size_t>(t.k * t.k * t.c * t.f));
    for (size_t i = 0; i < kv.size(); ++i) kv[i] = std::sin(0.7f * static_cast<float>(i)) * 0.5f;
    std::copy(kv.begin(), kv.end(), exe.param_values(exe.param_info()[0]).begin());
    Matrix X(2, t.h * t.w * t.c);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = std::cos(0.3f * static_cast<float>(i));
    const Matrix Y = exe.predict(X);
    // With `same` and stride 2 on 6 rows: 3 outputs need (3 − 1)·2 + 2 − 6 = 0 padding.
    for (Eigen::Index r = 0; r < 2; ++r) {
      std::vector<float> xr(X.row(r).data(), X.row(r).data() + X.cols());
      const std::vector<float> want = direct_conv(xr, t.h, t.w, t.c, kv, t.k, t.f, t.stride, t.pt, t.pl, t.ho, t.wo);
      for (size_t i = 0; i < want.size(); ++i) CHECK(Y(r, static_cast<Eigen::Index>(i)) == doctest::Approx(want[i]).epsilon(1e-4));
    }
  }
}

TEST_CASE("max_pool, avg_pool and global_avg_pool on a known image") {
  const int64_t dims[] = {4, 4, 1};
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(dims));
  const int mp = g.apply("max_pool", {x});
  const int ap = g.apply("avg_pool", {x});
  const int gp = g.apply("global_avg_pool", {x});
  const int all = g.apply("concat", {g.apply("flatten", {mp}), g.apply("flatten", {ap}), gp});
  Executable exe = g.build(-1, all, 1);
  Matrix X(1, 16);
  for (int i = 0; i < 16; ++i) X(0, i) = static_cast<float>(i);  // row-major 4 × 4: 0 … 15
  const Matrix Y = exe.predict(X);
  const float want[] = {5, 7, 13, 15, 2.5f, 4.5f, 10.5f, 12.5f, 7.5f};
  REQUIRE(Y.cols() == 9);
  for (int i = 0; i < 9; ++i) CHECK(Y(0, i) == doctest::Approx(want[i]));
}

TEST_CASE("image ops refuse shapes they cannot take") {
  const int64_t small[] = {2, 2, 1};
  GraphBuilder g(1);
  const int x = g.input("x", Layout::per_example(small));
  const int K = g.param("K", Layout::of({3, 3, 1, 4}), testing::init_spec("zeros"));
  CHECK_THROWS_AS(g.apply("conv2d", {x, K}), GraphError);                          // 3 × 3 on 2 × 2, valid
  CHECK_NOTHROW(g.apply("conv2d", {x, K}, {{"padding", 1}}));                        // same: 2 × 2 × 4
  const int K2 = g.param("K2", Layout::of({1, 1, 2, 4}), testing::init_spec("zeros"));
  CHECK_THROWS_AS(g.apply("conv2d", {x, K2}), GraphError);                         // channels 1 ≠ 2
  CHECK_THROWS_AS(g.apply("max_pool", {x}, {{"size", 3}}), GraphError);
  const int v = g.input("v", Layout::per_example(1, 4));
  CHECK_THROWS_AS(g.apply("max_pool", {v}), GraphError);                           // not an image
  const int W = g.param("W", Layout::matrix(4, 2), testing::init_spec("zeros"));
  CHECK_THROWS_AS(g.apply("matmul", {x, W}), GraphError);                          // flatten first
  CHECK_THROWS_AS(g.apply("add", {x, g.param("b", Layout::row(3), testing::init_spec("zeros"))}), GraphError);  // not the channel count
}

TEST_CASE("relu keeps a NaN, fused into x @ W + b or not, so a bad value is caught, not zeroed") {
  // relu is max(x, 0) with x first: Eigen's max keeps the first operand's NaN
  // (as std::max does). max(0, x) would zero it, and training would carry on
  // with a silently wrong activation and blame a later op, or nothing.
  for (bool fused : {true, false}) {
    CAPTURE(fused);
    GraphBuilder g(1);
    const int x = g.input("x", Layout::per_example(1, 2));
    int pre = x;
    if (fused) {
      const int W = g.param("W", Layout::matrix(2, 3), testing::init_spec("zeros"));
      const int b = g.param("b", Layout::row(3), testing::init_spec("zeros"));
      pre = g.apply("add", {g.apply("matmul", {x, W}), b});
    }
    const int out = g.apply("relu", {pre}, {}, Span{0, 3, 7});
    Executable exe = g.build(-1, out, 2);
    Matrix X(2, 2), P;
    X << std::numeric_limits<float>::quiet_NaN(), 1, -1, 2;
    exe.predict(X, P);
    CHECK(std::isnan(P(0, 0)));
    CHECK(P.row(1).allFinite());
    CHECK(P(1, 0) == 0);  // relu(-1) with zero weights: 0 either way
  }
}
