#include <doctest/doctest.h>

#include "cli/repl/tensor_text.h"

TEST_CASE("a small tensor prints whole, with its statistics") {
  xp::rt::SavedTensor t{"mlp.b", {3}, {1.0f, -2.0f, 0.5f}};
  std::string s = xp::cli::format_tensor(t);
  CHECK(s.find("mlp.b: [3]  3 values  norm 2.291  mean -0.1667  min -2  max 1\n") == 0);
  CHECK(s.find("  1.0000 -2.0000  0.5000\n") != std::string::npos);
}

TEST_CASE("a large matrix elides its middle rows and columns") {
  xp::rt::SavedTensor t{"mlp.W1", {10, 20}, std::vector<float>(200)};
  for (size_t i = 0; i < 200; ++i) t.values[i] = static_cast<float>(i);
  std::string s = xp::cli::format_tensor(t, 4, 4);
  CHECK(s.find("[10, 20]  200 values") != std::string::npos);
  CHECK(s.find("0.0000") != std::string::npos);     // first row, first column
  CHECK(s.find("199.0000") != std::string::npos);   // last row, last column
  CHECK(s.find("100.0000") == std::string::npos);   // a middle row is elided
  CHECK(s.find("⋮") != std::string::npos);
  CHECK(s.find("…") != std::string::npos);
}
