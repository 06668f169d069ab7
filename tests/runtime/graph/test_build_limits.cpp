// BuildLimits: the caps a graph read from a model file is held to before its
// arena is allocated (builder.h). A leaf no wider than the stored tensors, a
// computed value as wide as the model makes it (a concat may double a
// width), and everything computed together bounded.
#include <doctest/doctest.h>

#include "runtime/core/errors.h"
#include "runtime/graph/builder.h"

using namespace xp::rt;

TEST_CASE("a computed value may be wider than any stored tensor; a leaf may not") {
  const BuildLimits limits{4, 1024};
  {
    GraphBuilder g(1);
    const int x = g.input("x", Layout::per_example(1, 4));
    const int wide = g.apply("concat", {x, x});  // 8 wide from a 4-wide input: a legitimate model
    CHECK_NOTHROW(g.build(-1, wide, 16, limits));
  }
  {
    GraphBuilder g(1);
    const int x = g.input("x", Layout::per_example(1, 8));  // the input itself wider than the file's dimensions
    CHECK_THROWS_AS(g.build(-1, x, 16, limits), GraphError);
  }
}

TEST_CASE("everything a file's graph computes together is capped before anything is allocated") {
  GraphBuilder g(1);
  int v = g.input("x", Layout::per_example(1, 4));
  for (int i = 0; i < 18; ++i) v = g.apply("concat", {v, v});  // 4 · 2^18 = 2^20 wide: 2^32 floats at 4096 rows
  CHECK_NOTHROW(GraphBuilder(1));  // (the builder itself allocates nothing)
  try {
    g.build(-1, v, 4096, BuildLimits{4, 1024});
    FAIL("a graph computing 2^32 floats per chunk was built");
  } catch (const GraphError& e) {
    CHECK(std::string(e.what()).find("more than a model read from a file may") != std::string::npos);
  }
}
