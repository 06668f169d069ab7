// The shape algebra (DimProver) and the shape pass on whole scripts.
#include <doctest/doctest.h>

#include <string>

#include "compiler/driver.h"
#include "compiler/passes/dim_prover.h"

using namespace xp;
using ir::Dim;

namespace {

ir::SearchSpace space_with(std::vector<ir::HyperDomain> hs) {
  ir::SearchSpace s;
  s.hypers = std::move(hs);
  return s;
}
ir::HyperDomain choice(std::string name, std::vector<int> values) {
  ir::HyperDomain h;
  h.name = std::move(name);
  h.kind = ir::HyperDomain::Kind::Choice;
  for (int v : values) h.choices.push_back(ir::Value::num(v, true));
  return h;
}
ir::HyperDomain int_range(std::string name, double lo, double hi, double step = 0) {
  ir::HyperDomain h;
  h.name = std::move(name);
  h.kind = ir::HyperDomain::Kind::Int;
  h.low = lo;
  h.high = hi;
  h.step = step;
  return h;
}

// Compiles `text` as a script in the repository's examples folder (so
// relative data paths resolve) and returns the codes of its errors.
std::string error_codes(const std::string& text, std::string* first_note = nullptr) {
  CompileResult r = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/test.exp", text);
  std::string codes;
  for (const auto& d : r.diags.all()) {
    if (d.severity != Severity::Error) continue;
    codes += (codes.empty() ? "" : " ") + d.code;
    if (first_note && first_note->empty() && !d.notes.empty()) *first_note = d.notes.front();
  }
  return codes;
}

const char* kMlp = R"(
data iris = iris
split iris { train: 0.6, val: 0.2, test: 0.2 }
hyper hidden ~ choice(8, 16, 32)
hyper width ~ choice(8, 16, 32)
model mlp(x: [F]) -> [C] {
  param W1: [F, hidden] ~ glorot
  param b1: [BIAS] ~ zeros
  param W2: [INNER, C] ~ glorot
  param b2: [C] ~ zeros
  h = relu(x @ W1 + b1)
  return h @ W2 + b2
}
train mlp on iris {
  loss = cross_entropy(mlp(x), y)
  optimizer = adam(0.01)
  epochs = 5
  batch = 16
}
tune mlp { trials = 4 }
)";

std::string mlp_with(const std::string& bias, const std::string& inner) {
  std::string s = kMlp;
  s.replace(s.find("BIAS"), 4, bias);
  s.replace(s.find("INNER"), 5, inner);
  return s;
}

}  // namespace

TEST_CASE("DimProver: a conditional hyper is always active only when its condition always holds") {
  ir::HyperDomain deep = choice("deep", {1, 0});
  ir::HyperDomain on = choice("on", {1});
  ir::HyperDomain w = choice("w", {8, 16});
  auto cond = [](ir::HyperDomain h, const std::string& on_hyper, const std::string& op, double v) {
    h.when.push_back({on_hyper, *parse_cmp_op(op), ir::Value::num(v, true), {}});
    return h;
  };
  ir::HyperDomain range = choice("r", {});
  range.kind = ir::HyperDomain::Kind::Int;
  range.low = 2;
  range.high = 9;
  auto space = space_with({deep, on, range, cond(w, "deep", "==", 1)});
  DimProver p(space);
  CHECK(p.always_active(w));
  CHECK_FALSE(p.always_active(cond(w, "deep", "==", 1)));   // deep may be 0
  CHECK(p.always_active(cond(w, "on", "==", 1)));           // on is always 1
  CHECK(p.always_active(cond(w, "r", ">=", 2)));            // both ends of int(2, 9)
  CHECK_FALSE(p.always_active(cond(w, "r", ">", 2)));
  CHECK_FALSE(p.always_active(cond(w, "r", "!=", 5)));      // == / != on a range: not provable
}

TEST_CASE("DimProver: equality over finite choices names the failing value") {
  auto space = space_with({choice("hidden", {16, 32, 48}), choice("width", {16, 32})});
  DimProver p(space);
  CHECK_FALSE(p.equal(Dim::sym("hidden"), Dim::sym("hidden")).has_value());
  CHECK_FALSE(p.equal(Dim::sym("hidden") + Dim::of(1), Dim::of(1) + Dim::sym("hidden")).has_value());
  auto f = p.equal(Dim::sym("hidden"), Dim::of(32));
  REQUIRE(f.has_value());
  CHECK(f->when == "hidden = 16");
  CHECK(f->lhs == 16);
  CHECK(f->rhs == 32);
  auto g = p.equal(Dim::sym("hidden"), Dim::sym("width"));
  REQUIRE(g.has_value());
  CHECK(g->when.find("hidden = ") != std::string::npos);
  CHECK(g->when.find("width = ") != std::string::npos);
  SUBCASE("a choice with a single value proves equality") {
    auto one = space_with({choice("h", {32})});
    DimProver q(one);
    CHECK_FALSE(q.equal(Dim::sym("h"), Dim::of(32)).has_value());
  }
}

TEST_CASE("DimProver: int ranges by their end points") {
  auto space = space_with({int_range("units", 4, 64, 4), int_range("k", 0, 3)});
  DimProver p(space);
  CHECK(p.values_of(*space.find("units")) == std::vector<int64_t>{4, 64});
  CHECK(p.values_of(*space.find("k")) == std::vector<int64_t>{0, 3});
  auto step = int_range("s", 1, 10, 4);  // 1, 5, 9: the last reachable value is 9
  CHECK(p.values_of(step) == std::vector<int64_t>{1, 9});
  SUBCASE("positivity fails at the low end") {
    auto f = p.positive(Dim::sym("units") + Dim::of(-8));
    REQUIRE(f.has_value());
    CHECK(f->when == "units = 4");
    CHECK(f->lhs == -4);
    CHECK_FALSE(p.positive(Dim::sym("units")).has_value());
    CHECK(p.positive(Dim::sym("k")).has_value());  // k can be 0
  }
  SUBCASE("an equality that holds at one point only fails at an end") {
    CHECK(p.equal(Dim::sym("units"), Dim::of(4)).has_value());
  }
}

TEST_CASE("DimProver: generic, known and deferred symbols") {
  auto space = space_with({choice("hidden", {8, 16})});
  DimProver p(space);
  p.set_generic({"F"});
  auto f = p.equal(Dim::sym("F"), Dim::of(4));
  REQUIRE(f.has_value());
  CHECK(f->generic);
  CHECK_FALSE(p.equal(Dim::sym("F") + Dim::sym("hidden"), Dim::sym("hidden") + Dim::sym("F")).has_value());
  p.clear();
  CHECK_FALSE(p.equal(Dim::sym("F"), Dim::of(4)).has_value());  // deferred: bound at run time
  p.set_known("F", 4);
  CHECK_FALSE(p.equal(Dim::sym("F"), Dim::of(4)).has_value());
  CHECK(p.equal(Dim::sym("F"), Dim::of(5)).has_value());
  CHECK(p.positive(Dim::sym("F") + Dim::of(-3)) == std::nullopt);
  CHECK(p.positive(Dim::sym("F") + Dim::of(-4)).has_value());
}

TEST_CASE("shape pass: a correct MLP passes for every hidden size") {
  CHECK(error_codes(mlp_with("hidden", "hidden")) == "");
}

TEST_CASE("shape pass: a bias of the wrong length, per choice value") {
  std::string note;
  CHECK(error_codes(mlp_with("width", "hidden"), &note) == "E0302");
  CHECK(note.find("hidden = 16") != std::string::npos);
}

TEST_CASE("shape pass: matmul inner dimensions") {
  std::string note;
  CHECK(error_codes(mlp_with("hidden", "16"), &note) == "E0301");
  CHECK(note.find("hidden = 8") != std::string::npos);
  CHECK(error_codes(mlp_with("hidden", "F")) == "E0301");  // generic F against hidden
}

TEST_CASE("shape pass: sizes, results, data and losses") {
  const std::string data = "data iris = iris\nsplit iris { train: 0.6, val: 0.2, test: 0.2 }\n";
  const std::string train = "train m on iris {\n  loss = cross_entropy(m(x), y)\n  optimizer = adam(0.01)\n}\n";
  SUBCASE("an int range that reaches zero") {
    CHECK(error_codes(data + "hyper h ~ int(0, 8)\nmodel m(x: [F]) -> [C] {\n  param W: [F, h] ~ glorot\n"
                             "  param V: [h, C] ~ glorot\n  return x @ W @ V\n}\n" + train) == "E0306 E0306");
  }
  SUBCASE("a real hyper cannot size a dimension") {
    CHECK(error_codes(data + "hyper h ~ uniform(1, 8)\nmodel m(x: [F]) -> [C] {\n  param W: [F, h] ~ glorot\n"
                             "  param V: [h, C] ~ glorot\n  return x @ W @ V\n}\n" + train) == "E0305 E0305");
  }
  SUBCASE("the declared result") {
    CHECK(error_codes(data + "model m(x: [F]) -> [C] {\n  param W: [F, 3] ~ glorot\n  return x @ W\n}\n" + train) ==
          "E0303");
  }
  SUBCASE("a fixed input size against the data") {
    CHECK(error_codes(data + "model m(x: [30]) -> [C] {\n  param W: [30, C] ~ glorot\n  return x @ W\n}\n" + train) ==
          "E0311");
  }
  SUBCASE("logits against the number of classes") {
    CHECK(error_codes(data + "model m(x: [F]) -> [2] {\n  param W: [F, 2] ~ glorot\n  return x @ W\n}\n" + train) ==
          "E0307");
  }
  SUBCASE("reductions and concat") {
    CHECK(error_codes(data + "model m(x: [F]) -> [C] {\n  param W: [F, C] ~ glorot\n  h = x @ W\n"
                             "  s = sum(h, axis: 1)\n  return h\n}\n" + train) == "E0309");
    CHECK(error_codes(data + "model m(x: [F]) -> [C] {\n  param W: [F, 2] ~ glorot\n  param V: [F + 2, C] ~ glorot\n"
                             "  return concat(x, x @ W) @ V\n}\n" + train) == "");
  }
  SUBCASE("a model call binds int inputs and free dims") {
    std::string dense = "model dense(z: [I], units: int) -> [units] {\n  param W: [I, units] ~ glorot\n"
                        "  return z @ W\n}\n";
    CHECK(error_codes(data + dense + "model m(x: [F]) -> [C] {\n  h = dense(x, 5)\n  return dense(h, C)\n}\n" + train) ==
          "");
    CHECK(error_codes(data + dense + "model m(x: [F]) -> [C] {\n  h = dense(x, 5)\n  return dense(h, 4)\n}\n" + train) ==
          "E0303");
  }
}

TEST_CASE("DimProver: quotients are checked at every value of an int range") {
  auto space = space_with({int_range("k", 1, 9), choice("s", {1, 2})});
  DimProver p(space);
  // the window fits 8 rows (8 - k ≥ 0) for k ≤ 8 only: not an end-point fact once inside a quotient
  const Dim rows = Dim::floor_div(Dim::of(8) + Dim::sym("k").scaled(-1), Dim::sym("s")) + Dim::of(1);
  auto c = p.check_positive(rows);
  REQUIRE(c.verdict == DimProver::Verdict::Fails);
  CHECK(c.failure.when == "k = 9, s = 1");
  CHECK(c.failure.point.at("k") == 9);
  p.set_generic({"H"});
  const Dim generic = Dim::floor_div(Dim::sym("H") + Dim::sym("k").scaled(-1), Dim::sym("s")) + Dim::of(1);
  CHECK(p.check_positive(generic).verdict == DimProver::Verdict::Unknown);  // proved at the call instead
  p.clear();
  p.set_known("H", 16);
  CHECK(p.check_positive(generic).verdict == DimProver::Verdict::Holds);
}

TEST_CASE("shape pass: sequence ops over the search space") {
  const std::string data = "data digits = digits\nsplit digits { train: 0.6, val: 0.2, test: 0.2 }\n";
  const std::string train = "train m on digits {\n  loss = cross_entropy(m(x), y)\n  optimizer = adam(0.01)\n}\n";
  // A tune block only where there are hypers to search (E0611 otherwise).
  auto model = [&](const std::string& hypers, const std::string& params, const std::string& body) {
    return data + hypers + "model m(x: [64]) -> [10] {\n  s = reshape(x, shape: [8, 8])\n" + params + body + "}\n" + train +
           (hypers.empty() ? "" : "tune m {\n  trials = 2\n}\n");
  };
  const std::string read_out = "  param R: [8, 10] ~ glorot\n";
  SUBCASE("conv1d's dilated window must fit the sequence for every value") {
    std::string note;
    CHECK(error_codes(model("hyper d ~ choice(1, 2, 4)\n", "  param K: [3, 8, 8] ~ he\n" + read_out,
                            "  return mean(conv1d(s, K, dilation: d), axis: 0) @ R\n"),
                      &note) == "E0321");
    CHECK(note.find("d = 4") != std::string::npos);  // 4·(3 − 1) + 1 = 9 > 8
    CHECK(error_codes(model("hyper d ~ choice(1, 2, 3)\n", "  param K: [3, 8, 8] ~ he\n" + read_out,
                            "  return mean(conv1d(s, K, dilation: d), axis: 0) @ R\n")) == "");
    CHECK(error_codes(model("", "  param K: [3, 4, 8] ~ he\n" + read_out, "  return mean(conv1d(s, K), axis: 0) @ R\n")) ==
          "E0323");  // 4 channels in the filters, 8 in the sequence
  }
  SUBCASE("conv2d's dilation") {
    std::string note;
    CHECK(error_codes(model("hyper d ~ int(1, 4)\n", "  param K: [3, 3, 1, 4] ~ he\n  param R: [4, 10] ~ glorot\n",
                            "  return global_avg_pool(conv2d(reshape(x, shape: [8, 8, 1]), K, dilation: d)) @ R\n"),
                      &note) == "E0321");
    CHECK(note.find("d = 4") != std::string::npos);
  }
  SUBCASE("attention: widths, keys and values, heads") {
    CHECK(error_codes(model("", "  param Wq: [8, 16] ~ glorot\n" + read_out,
                            "  return mean(attention(s @ Wq, s @ Wq, s), axis: 0) @ R\n")) == "");
    std::string note;
    CHECK(error_codes(model("hyper w ~ choice(8, 16)\n", "  param Wq: [8, w] ~ glorot\n" + read_out,
                            "  return mean(attention(s @ Wq, s, s), axis: 0) @ R\n"),
                      &note) == "E0323");
    CHECK(note.find("w = 16") != std::string::npos);
    CHECK(error_codes(model("", "  param H: [2, 8, 4] ~ glorot\n  param O: [2, 4, 8] ~ glorot\n" + read_out,
                            "  a = attention(s @ H, s @ H, s @ H, causal: true)\n  return mean(sum(a @ O, axis: 0), axis: 0) @ R\n")) ==
          "");
    CHECK(error_codes(model("", "  param H: [2, 8, 4] ~ glorot\n  param O: [3, 4, 8] ~ glorot\n" + read_out,
                            "  a = attention(s @ H, s @ H, s @ H)\n  return mean(sum(a @ O, axis: 0), axis: 0) @ R\n")) ==
          "E0323");  // 2 heads against 3
  }
  SUBCASE("transpose, permute, softmax's axis, layer_norm") {
    CHECK(error_codes(model("", read_out, "  return mean(transpose(s), axis: 0) @ R\n")) == "");
    CHECK(error_codes(model("", read_out, "  return mean(permute(s, axes: [1, 0]), axis: 0) @ R\n")) == "");
    CHECK(error_codes(model("", read_out, "  return mean(permute(s, axes: [1, 1]), axis: 0) @ R\n")) == "E0323");
    CHECK(error_codes(model("", read_out, "  return mean(permute(s, axes: [1]), axis: 0) @ R\n")) == "E0323");
    CHECK(error_codes(model("", read_out, "  return mean(softmax(s, axis: 0), axis: 0) @ R\n")) == "");
    CHECK(error_codes(model("", read_out, "  return mean(softmax(s, axis: 2), axis: 0) @ R\n")) == "E0309");
    CHECK(error_codes(model("", "  param g: [8] ~ ones\n  param b: [8] ~ zeros\n" + read_out,
                            "  return mean(layer_norm(s, g, b), axis: 0) @ R\n")) == "");
    CHECK(error_codes(model("", "  param g: [4] ~ ones\n  param b: [8] ~ zeros\n" + read_out,
                            "  return mean(layer_norm(s, g, b), axis: 0) @ R\n")) == "E0323");
  }
  SUBCASE("std.models' transformer block over the search space") {
    CHECK(error_codes("import std.models\n" + data + "hyper heads ~ choice(1, 2, 4)\n" +
                      "model m(x: [64]) -> [10] {\n  s = reshape(x, shape: [8, 8])\n"
                      "  h = transformer_block(s, heads, 4, 16)\n  return dense(mean(h, axis: 0), 10)\n}\n" + train +
                      "tune m {\n  trials = 2\n}\n") == "");
  }
}

TEST_CASE("DimProver: a fact failing only at a generic size's smallest value is marked generic") {
  auto space = space_with({choice("k", {3, 5})});
  DimProver p(space);
  p.set_generic({"H"});
  auto c = p.check_positive(Dim::sym("H") + Dim::of(-2));  // a 3 × 3 window over H fits H ≥ 3
  REQUIRE(c.verdict == DimProver::Verdict::Fails);
  CHECK(c.failure.generic);
  c = p.check_positive(Dim::of(2) + Dim::sym("k").scaled(-1));  // no generic size: refuted for all
  REQUIRE(c.verdict == DimProver::Verdict::Fails);
  CHECK_FALSE(c.failure.generic);
  // an equality with a product of hypers and no sum term is decided by the values, not as a constant
  auto sq = space_with({choice("side", {2, 4})});
  DimProver q(sq);
  auto f = q.equal(Dim::of(16), Dim::product(Dim::sym("side"), Dim::sym("side")));
  REQUIRE(f.has_value());
  CHECK(f->when == "side = 2");
  CHECK(f->rhs == 4);
}

TEST_CASE("shape pass: facts over a model's generic sizes are proved where they are bound") {
  const std::string train = "train net on d {\n  loss = cross_entropy(net(x), y)\n}\n";
  auto net = [&](const std::string& data, const std::string& body) {
    return "import std.models\ndata d = " + data + "\nmodel net(x: [H, W, C]) -> [K] {\n" + body + "}\n" + train;
  };
  SUBCASE("a constant kernel over a generic height fits the data's") {
    CHECK(error_codes(net("digits(shape: [8, 8, 1])", "  return cnn(x, 4, 3, K)\n")) == "");
    std::string note;
    CHECK(error_codes(net("digits(shape: [8, 8, 1])", "  return cnn(x, 4, 5, K)\n"), &note) == "E0321");
    CHECK(note.find("8 - 4 = 4") != std::string::npos);  // the second 5 × 5 window over 8 - 4 rows
  }
  SUBCASE("a reshape of a generic vector") {
    const std::string image = "model image(x: [F]) -> [8, 8, 1] {\n  return reshape(x, shape: [8, 8, 1])\n}\n";
    auto flat = [&](const std::string& data) {
      return "import std.models\ndata d = " + data + "\n" + image +
             "model net(x: [F]) -> [K] {\n  return dense(flatten(image(x)), K)\n}\n" + train;
    };
    CHECK(error_codes(flat("digits")) == "");
    CHECK(error_codes(flat("iris")) == "E0322");  // 4 features into 64 numbers
    CHECK(error_codes("import std.models\n" + image + "model m(x: [10]) -> [8, 8, 1] {\n  return image(x)\n}\n") ==
          "E0322");
  }
}
