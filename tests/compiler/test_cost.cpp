// Cost estimates: the polynomial algebra and whole-script formulas.
#include <doctest/doctest.h>

#include "compiler/cost.h"
#include "compiler/driver.h"

using namespace xp;

namespace {
// `script` compiled as if it were examples/NAME (relative paths resolve
// there), its diagnostics shown beside any check that fails.
CompileResult compiled(const char* name, const char* script) {
  CompileResult r = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/" + name, script);
  for (const auto& d : r.diags.all()) MESSAGE(d.code << ": " << d.message);
  return r;
}
}  // namespace

TEST_CASE("Poly algebra") {
  Poly f = Poly::of(ir::Dim::sym("F")), h = Poly::of(ir::Dim::sym("h"));
  Poly params = f * h + h + Poly::constant(3);
  CHECK(params.str() == "F*h + h + 3");
  CHECK(params.eval({{"F", 4}, {"h", 8}}) == 43);
  CHECK_FALSE(params.eval({{"F", 4}}).has_value());
  CHECK((h * h).str() == "h*h");
  CHECK((f + f).str() == "2*F");
  CHECK((f + Poly::constant(-1) * f).str() == "0");
  Poly by = params.substitute({{"h", Poly::of(ir::Dim::sym("w") + ir::Dim::of(1))}});
  CHECK(by.eval({{"F", 2}, {"w", 3}}) == 2 * 4 + 4 + 3);
  CHECK(Poly::product({ir::Dim::sym("a"), ir::Dim::of(3)}).str() == "3*a");
  CHECK(params.symbols() == std::vector<std::string>{"F", "h"});
}

TEST_CASE("costs of an MLP over its search space") {
  CompileResult r = compiled("cost_test.exp", R"(
data iris = iris
split iris { train: 0.6, val: 0.2, test: 0.2 }
hyper hidden ~ choice(8, 64)
model mlp(x: [F]) -> [C] {
  param W1: [F, hidden] ~ glorot
  param b1: [hidden] ~ zeros
  param W2: [hidden, C] ~ glorot
  param b2: [C] ~ zeros
  return relu(x @ W1 + b1) @ W2 + b2
}
train mlp on iris {
  loss = cross_entropy(mlp(x), y)
  optimizer = adam(0.01)
  batch = 10
}
tune mlp { trials = 2 }
)");
  REQUIRE(r.ir.has_value());
  DataFactsByName data;
  data["iris"] = DataFacts{"iris", true, 4, true, 3, 1, "iris", 150, {}, 0};
  auto costs = estimate_costs(*r.ir, data);
  REQUIRE(costs.size() == 1);
  const ModelCost& c = costs[0];
  CHECK(c.bound.at("F") == 4);
  CHECK(c.bound.at("C") == 3);
  // 4h + h + 3h + 3 = 8h + 3 params: 67 for h = 8, 515 for h = 64
  REQUIRE(c.params_range.known);
  CHECK(c.params_range.low == 67);
  CHECK(c.params_range.high == 515);
  // matmuls 2·4·h + 2·h·3, add h, relu h, add 3: 16h + 3
  CHECK(c.flops_range.low == 16 * 8 + 3);
  CHECK(c.flops_range.high == 16 * 64 + 3);
  // 4 bytes × (2 × batch 10 × activations (3h + 2·3) + 4 × params)
  CHECK(c.memory_range.low == 4 * (2 * 10 * (3 * 8 + 6) + 4 * 67));
  std::string text = format_costs(costs);
  CHECK(text.find("model mlp (trained on iris") != std::string::npos);
  CHECK(text.find("C*hidden + F*hidden + C + hidden") != std::string::npos);
  SUBCASE("unknown data leaves the formula symbolic") {
    auto symbolic = estimate_costs(*r.ir, {});
    CHECK_FALSE(symbolic[0].params_range.known);
    CHECK(symbolic[0].params_range.unbound == std::vector<std::string>{"C", "F"});
  }
}

TEST_CASE("a convolution costs a multiply-add per output and filter tap") {
  CompileResult r = compiled("cost_conv_test.exp", R"(
data digits = digits
split digits { train: 0.6, val: 0.2, test: 0.2 }
hyper f ~ choice(4, 8)
model net(x: [64]) -> [10] {
  param K: [3, 3, 1, f] ~ he
  param W: [f, 10] ~ glorot
  return global_avg_pool(conv2d(reshape(x, shape: [8, 8, 1]), K)) @ W
}
train net on digits {
  loss = cross_entropy(net(x), y)
}
tune net { trials = 2 }
)");
  REQUIRE(r.ir.has_value());
  DataFactsByName data;
  data["digits"] = DataFacts{"digits", true, 64, true, 10, 1, "digits", 1797, {}, 0};
  auto costs = estimate_costs(*r.ir, data);
  REQUIRE(costs.size() == 1);
  const ModelCost& c = costs[0];
  REQUIRE(c.flops_range.known);
  // reshape 64, conv 6·6·f outputs × 2·3·3·1 taps, pool f, matmul 2·f·10
  CHECK(c.flops_range.low == 64 + 36 * 4 * 18 + 4 + 2 * 4 * 10);
  CHECK(c.flops_range.high == 64 + 36 * 8 * 18 + 8 + 2 * 8 * 10);
  CHECK(c.params_range.high == 9 * 8 + 8 * 10);
  // memory: 4 bytes × (2 × 32 rows × activations + 32 rows × the 6·6 × 3·3·1 patches + 4 × params)
  const double acts = 64 + 36 * 8 + 8 + 10, patches = 36 * 9, params = 9 * 8 + 8 * 10;
  CHECK(c.memory_range.high == 4 * (2 * 32 * acts + 32 * patches + 4 * params));
}

TEST_CASE("attention and conv1d: FLOPs per head and tap, their scratch in memory") {
  CompileResult r = compiled("cost_seq_test.exp", R"(
data digits = digits
split digits { train: 0.6, val: 0.2, test: 0.2 }
hyper h ~ choice(2, 4)
model net(x: [64]) -> [10] {
  param Wq: [h, 8, 4] ~ glorot
  param K: [3, 8, 5] ~ he
  param W: [5, 10] ~ glorot
  s = reshape(x, shape: [8, 8])
  q = s @ Wq
  a = attention(q, q, q)
  c = conv1d(sum(a @ transpose(Wq), axis: 0), K)
  return mean(c, axis: 0) @ W
}
train net on digits {
  loss = cross_entropy(net(x), y)
}
tune net { trials = 2 }
)");
  REQUIRE(r.ir.has_value());
  DataFactsByName data;
  data["digits"] = DataFacts{"digits", true, 64, true, 10, 1, "digits", 1797, {}, 0};
  auto costs = estimate_costs(*r.ir, data);
  REQUIRE(costs.size() == 1);
  const ModelCost& c = costs[0];
  REQUIRE(c.flops_range.known);
  auto flops = [](double h) {
    const double reshape = 64, project = 2 * (h * 8 * 4) * 8;  // [h, 8, 4] outputs × 8 inner
    const double attend = 2 * 8 * (h * 8 * 4 + h * 8 * 4);      // 2·s·(t·d + t·e) per head
    const double back = 2 * (h * 8 * 8) * 4, transpose = h * 4 * 8, sum = 64;
    const double conv = 2 * (6 * 5) * (3 * 8), mean = 5, out = 2 * 10 * 5;
    return reshape + project + attend + transpose + back + sum + conv + mean + out;
  };
  CHECK(c.flops_range.low == flops(2));
  CHECK(c.flops_range.high == flops(4));
}

TEST_CASE("the trained model's int inputs take what the loss passes: the data's vocab, a hyper") {
  CompileResult r = compiled("cost_vocab_test.exp", R"(
data seqs = token_sum(n: 200, length: 8, vocab: 50)
split seqs { train: 0.6, val: 0.2, test: 0.2 }
hyper dim ~ choice(4, 16)
model net(x: [T], V: int, D: int) -> [C] {
  param E: [V, D] ~ normal
  param W: [D, C] ~ glorot
  return masked_mean(gather(E, x), x) @ W
}
train net on seqs {
  loss = cross_entropy(net(x, vocab, dim), y)
}
tune net { trials = 2 }
)");
  REQUIRE(r.ir.has_value());
  DataFactsByName data;
  data["seqs"] = DataFacts{"seqs", true, 8, true, 2, 1, "token_sum", 200, {8}, 50};
  auto costs = estimate_costs(*r.ir, data);
  REQUIRE(costs.size() == 1);
  const ModelCost& c = costs[0];
  CHECK(c.bound.at("vocab") == 50);
  CHECK(c.params.str() == "C*dim + dim*vocab");  // V → vocab, D → dim (C stays the data's symbol)
  REQUIRE(c.params_range.known);
  CHECK(c.params_range.low == 50 * 4 + 4 * 2);
  CHECK(c.params_range.high == 50 * 16 + 16 * 2);
}

TEST_CASE("an image binds the trained model's input axes; imported blocks no train binds are left out of --cost") {
  CompileResult r = compiled("cost_image_test.exp", R"(
import std.models
data img = bars(n: 100, size: 8, noise: 0.1)
split img { train: 0.6, val: 0.2, test: 0.2 }
hyper k ~ choice(3, 5)
model net(x: [H, W, C]) -> [K] {
  r = resnet_block(x, k)
  return dense(global_avg_pool(r), K)
}
train net on img {
  loss = cross_entropy(net(x), y)
}
tune net { trials = 2 }
)");
  REQUIRE(r.ir.has_value());
  DataFactsByName data;
  DataFacts img{"img", true, 64, true, 2, 1, "bars", 100, {8, 8, 1}, 0};
  data["img"] = img;
  auto costs = estimate_costs(*r.ir, data);
  const ModelCost* net = nullptr;
  for (const auto& c : costs) net = c.model == "net" ? &c : net;
  REQUIRE(net != nullptr);
  CHECK(net->bound.at("H") == 8);
  CHECK(net->bound.at("W") == 8);
  CHECK(net->bound.at("C") == 1);
  REQUIRE(net->flops_range.known);  // every symbol has a value: H, W, C from the image, k from its choices
  // resnet_block's two k × k convolutions of C channels (C = 1): 4·C²·H·W·k² + 5·C·H·W, then the pool and dense.
  CHECK(net->flops_range.low < net->flops_range.high);
  const std::string text = format_costs(costs);
  CHECK(text.find("model net (trained on img, C = 1, H = 8, K = 2, W = 8)") != std::string::npos);
  CHECK(text.find("model resnet_block") == std::string::npos);  // imported, costed inside net
  CHECK(text.find("from imports not shown") != std::string::npos);
}
