// passes/prints.cpp: what `print` in a script may show.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/compiler/compile_errors.h"

namespace xp {
namespace {

// The E0212 errors of `prints` appended to a model and a study, as "code@text".
std::vector<std::string> print_errors(const std::string& prints) {
  std::string text = R"(data iris = iris
hyper lr ~ loguniform(1e-3, 1e-1)
model mlp(x: [F]) -> [C] {
  param W1: [F, 8] ~ glorot
  param W2: [8, C] ~ glorot
  return relu(x @ W1) @ W2
}
train mlp on iris {
  loss      = cross_entropy(mlp(x), y)
  optimizer = adam(lr)
}
tune mlp { trials = 4 }
)" + prints;
  return test::compile_errors(text);
}

}  // namespace

TEST_CASE("print shows strings, numbers and expressions of hypers") {
  CHECK(print_errors("print \"done\"\n").empty());
  CHECK(print_errors("print lr * 10\n").empty());
  CHECK(print_errors("print exp(lr) + pi * sqrt(2)\n").empty());
}

TEST_CASE("print of learned or tensor values is E0212 at the first such part") {
  CHECK(print_errors("print mlp.W1\n") == std::vector<std::string>{"E0212@mlp.W1"});
  CHECK(print_errors("print lr + mlp.W1 @ mlp.W2\n") == std::vector<std::string>{"E0212@mlp.W1 @ mlp.W2"});
  CHECK(print_errors("print relu(lr)\n") == std::vector<std::string>{"E0212@relu(lr)"});
  CHECK(print_errors("print iris.test\n") == std::vector<std::string>{"E0212@iris.test"});
  CHECK(print_errors("print 1\nprint mlp.W2\n") == std::vector<std::string>{"E0212@mlp.W2"});
}

}  // namespace xp
