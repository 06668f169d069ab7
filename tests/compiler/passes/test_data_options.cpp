// Generator options checked at `exp check` (compiler/passes/data_options.cpp)
// against the one table of bounds (stdlib/generators.h).
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/driver.h"
#include "compiler/passes/signature.h"
#include "tests/compiler/compile_errors.h"
#include "stdlib/generators.h"

using namespace xp;

namespace {

// The errors of a script whose data set is `source`, as "CODE@text-under-the-span".
std::vector<std::string> errors_for(const std::string& source) {
  std::string text = "data d = " + source + R"(
model m(x: [F]) -> [C] {
  param W: [F, C] ~ glorot
  return x @ W
}
train m on d {
  loss = cross_entropy(m(x), y)
}
)";
  return test::compile_errors(text);
}

}  // namespace

TEST_CASE("every generator's signature names exactly its options and seed") {
  for (const auto& b : stdlib::all()) {
    if (b.category != stdlib::Category::Generator) continue;
    CAPTURE(b.name);
    std::vector<std::string> options;
    for (const auto& o : stdlib::generator_options(b.name)) options.emplace_back(o.name);
    options.emplace_back("seed");
    CHECK(signature_of(b).names() == options);
  }
}

TEST_CASE("generator options out of bounds are errors at the option") {
  CHECK(errors_for("blobs(features: 8, centers: 4, n: 300)").empty());
  CHECK(errors_for("blobs(features: 1e300)") == std::vector<std::string>{"E0808@1e300"});
  CHECK(errors_for("moons(n: -5)") == std::vector<std::string>{"E0808@-5"});
  CHECK(errors_for("spirals(arms: 2.5)") == std::vector<std::string>{"E0808@2.5"});
  CHECK(errors_for("circles(factor: 1)") == std::vector<std::string>{"E0808@1"});
  SUBCASE("a bound itself is allowed") { CHECK(errors_for("blobs(features: 10000, centers: 2)").empty()); }
  SUBCASE("a computed value is the loader's to check") { CHECK(errors_for("moons(noise: 0.1 * 2)").empty()); }
  SUBCASE("options in bounds whose rows × features cannot be held: one error at the call") {
    CHECK(errors_for("blobs(n: 10000000, features: 10000)") ==
          std::vector<std::string>{"E0808@blobs(n: 10000000, features: 10000)"});
    CHECK(errors_for("blobs(n: 10000000, features: 10)").empty());  // exactly the limit
    CHECK(errors_for("blobs(n: 100000, features: 10000, seed: 3)") ==
          std::vector<std::string>{"E0808@blobs(n: 100000, features: 10000, seed: 3)"});
  }
}

TEST_CASE("GeneratorOption: accepts and its range text") {
  auto blobs = stdlib::generator_options("blobs");
  auto features = std::find_if(blobs.begin(), blobs.end(), [](const auto& o) { return o.name == "features"; });
  REQUIRE(features != blobs.end());
  CHECK(features->accepts(1));
  CHECK_FALSE(features->accepts(0));
  CHECK_FALSE(features->accepts(2.5));
  CHECK_FALSE(features->accepts(1e300));
  CHECK(features->range_text() == "an integer from 1 to 10000");
  CHECK(stdlib::generator_options("no_such_generator").empty());
  CHECK(stdlib::generated_values("blobs", {}) == 200 * 2);
  CHECK(stdlib::generated_values("moons", {{"n", 500}}) == 500 * 2);
  CHECK(stdlib::generated_values("friedman1", {{"features", 20}}) == 200 * 20);
  CHECK(stdlib::too_large("blobs", {{"n", 1e7}, {"features", 10}}).empty());
  CHECK(stdlib::too_large("blobs", {{"n", 1e7}, {"features", 11}}) ==
        "blobs would generate 1.1e+08 values (rows × features), more than the 1e+08 it may");
}
