// How calls of models inside a model are named (compiler/passes/call_sites.h):
// the names params live under, shared by the resolver and the shape pass.
#include <doctest/doctest.h>

#include "compiler/passes/call_sites.h"
#include "tests/compiler/parse/parse_helpers.h"

using namespace xp;

namespace {

std::vector<std::string> site_names(const std::string& body) {
  test::Parsed p("model dense(x: [I], units: int) -> [units] {\n param W: [I, units] ~ glorot\n return x @ W\n}\n"
                 "model net(x: [F]) -> [C] {\n" + body + "\n}\n");
  REQUIRE_FALSE(p.diags.has_errors());
  const auto& net = std::get<ast::Model>(p.program.stmts[1].node);
  std::vector<std::string> out;
  for (const auto& s : call_sites(p.program, net, [](const std::string& n) { return n == "dense"; }))
    out.push_back(s.callee + ":" + s.name);
  return out;
}

}  // namespace

TEST_CASE("a call that is a local's whole value takes the local's name") {
  CHECK(site_names("layer1 = dense(x, 8)\n return dense(layer1, C)") ==
        std::vector<std::string>{"dense:layer1", "dense:dense"});
}

TEST_CASE("unnamed calls of one callee are numbered in evaluation order") {
  // relu(dense(...)) is not a local's whole value: unnamed, like the return.
  CHECK(site_names("h = relu(dense(x, 16))\n return dense(h, C)") ==
        std::vector<std::string>{"dense:dense_1", "dense:dense_2"});
  // Arguments before the call: the inner call is evaluated first.
  CHECK(site_names("return dense(dense(x, 8), C)") == std::vector<std::string>{"dense:dense_1", "dense:dense_2"});
  CHECK(site_names("return dense(x, C) + dense(x, C)") == std::vector<std::string>{"dense:dense_1", "dense:dense_2"});
}

TEST_CASE("a local named like the callee keeps the unnamed call numbered") {
  CHECK(site_names("dense = dense(x, 8)\n return dense(dense, C)") ==
        std::vector<std::string>{"dense:dense", "dense:dense_1"});
}

TEST_CASE("calls of built-ins are not sites") {
  CHECK(site_names("return relu(x @ x)").empty());
}
