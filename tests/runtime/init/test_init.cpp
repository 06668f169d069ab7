// Initializer statistics over large draws, and their determinism.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "runtime/core/errors.h"
#include "runtime/init/initializers.h"

using namespace xp::rt;

namespace {
InitSpec spec(std::string fn, std::vector<std::pair<std::string, double>> a = {}) {
  InitSpec s;
  s.fn = std::move(fn);
  s.args = std::move(a);
  return s;
}
struct Stats { double mean, std, min, max; };
Stats draw(const InitSpec& s, int64_t fan_in, int64_t fan_out, uint64_t seed = 1, size_t n = 200000) {
  std::vector<float> v(n);
  initialize(s, v, fan_in, fan_out, seed);
  double sum = 0, sq = 0;
  for (float x : v) sum += x;
  const double mean = sum / static_cast<double>(n);
  for (float x : v) sq += (x - mean) * (x - mean);
  return {mean, std::sqrt(sq / static_cast<double>(n)), *std::min_element(v.begin(), v.end()),
          *std::max_element(v.begin(), v.end())};
}
}  // namespace

TEST_CASE("initializers: constants") {
  std::vector<float> v(10, 5.f);
  initialize(spec("zeros"), v, 1, 1, 0);
  CHECK(std::all_of(v.begin(), v.end(), [](float x) { return x == 0.f; }));
  initialize(spec("ones"), v, 1, 1, 0);
  CHECK(std::all_of(v.begin(), v.end(), [](float x) { return x == 1.f; }));
  initialize(spec("constant", {{"", 0.25}}), v, 1, 1, 0);
  CHECK(std::all_of(v.begin(), v.end(), [](float x) { return x == 0.25f; }));
}

TEST_CASE("initializers: distribution statistics") {
  const double tol = 0.01;  // 200k draws: standard error of the std ≈ 0.16% of it
  SUBCASE("normal(mean: 1, std: 2)") {
    Stats s = draw(spec("normal", {{"mean", 1}, {"std", 2}}), 1, 1);
    CHECK(s.mean == doctest::Approx(1).epsilon(0.02));
    CHECK(s.std == doctest::Approx(2).epsilon(tol));
  }
  SUBCASE("uniform(low: -1, high: 3)") {
    Stats s = draw(spec("uniform", {{"low", -1}, {"high", 3}}), 1, 1);
    CHECK(s.mean == doctest::Approx(1).epsilon(0.02));
    CHECK(s.std == doctest::Approx(4 / std::sqrt(12.0)).epsilon(tol));
    CHECK(s.min >= -1);
    CHECK(s.max < 3);
  }
  SUBCASE("glorot / xavier: U(±√(6/(in+out)))") {
    for (const char* f : {"glorot", "xavier"}) {
      Stats s = draw(spec(f), 300, 200);
      const double bound = std::sqrt(6.0 / 500);
      CHECK(std::fabs(s.mean) < 0.002);
      CHECK(s.std == doctest::Approx(bound / std::sqrt(3.0)).epsilon(tol));
      CHECK(s.max <= bound);
      CHECK(s.min >= -bound);
    }
  }
  SUBCASE("glorot_normal: std √(2/(in+out))") {
    Stats s = draw(spec("glorot_normal"), 300, 200);
    CHECK(s.std == doctest::Approx(std::sqrt(2.0 / 500)).epsilon(tol));
  }
  SUBCASE("he / kaiming: std √(2/in)") {
    for (const char* f : {"he", "kaiming"}) {
      Stats s = draw(spec(f), 300, 200);
      CHECK(std::fabs(s.mean) < 0.002);
      CHECK(s.std == doctest::Approx(std::sqrt(2.0 / 300)).epsilon(tol));
    }
  }
  SUBCASE("he_uniform: U(±√(6/in))") {
    Stats s = draw(spec("he_uniform"), 300, 200);
    const double bound = std::sqrt(6.0 / 300);
    CHECK(s.std == doctest::Approx(bound / std::sqrt(3.0)).epsilon(tol));
    CHECK(s.max <= bound);
  }
}

TEST_CASE("initializers: seeded") {
  std::vector<float> a(100), b(100), c(100);
  initialize(spec("normal"), a, 1, 1, 42);
  initialize(spec("normal"), b, 1, 1, 42);
  initialize(spec("normal"), c, 1, 1, 43);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("initializers: bad specs are user errors") {
  std::vector<float> v(4);
  CHECK_THROWS_AS(initialize(spec("orthogonal"), v, 2, 2, 0), GraphError);
  CHECK_THROWS_AS(initialize(spec("normal", {{"std", -1}}), v, 2, 2, 0), GraphError);
  CHECK_THROWS_AS(initialize(spec("uniform", {{"low", 1}, {"high", 0}}), v, 2, 2, 0), GraphError);
  CHECK_THROWS_AS(initialize(spec("constant"), v, 2, 2, 0), GraphError);
  CHECK_THROWS_AS(initialize(spec("zeros", {{"scale", 2}}), v, 2, 2, 0), GraphError);
}
