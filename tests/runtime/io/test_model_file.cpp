#include <doctest/doctest.h>

#include "runtime/io/model_file.h"

using namespace xp::rt;

namespace {
ModelFile sample() {
  ModelFile m;
  m.meta = {{"format", "exp.model/1"}, {"model", "mlp"}, {"hypers", {{"lr", 0.01}}}};
  m.tensors.push_back({"mlp.W1", {2, 3}, {1, 2, 3, 4, 5, 6}});
  m.tensors.push_back({"mlp.b1", {3}, {0.5f, -0.5f, 0}});
  return m;
}
}  // namespace

TEST_CASE("model file round-trips metadata and tensors exactly") {
  ModelFile back = decode_model_file(encode_model_file(sample()), "m.expm");
  CHECK(back.meta == sample().meta);
  REQUIRE(back.tensors.size() == 2);
  CHECK(back.tensors[0].name == "mlp.W1");
  CHECK(back.tensors[0].shape == std::vector<int64_t>{2, 3});
  CHECK(back.tensors[1].values == std::vector<float>{0.5f, -0.5f, 0});
}

TEST_CASE("model file rejects damaged input with a clear error") {
  std::string good = encode_model_file(sample());
  SUBCASE("every truncation") {
    for (size_t n = 0; n < good.size(); ++n)
      CHECK_THROWS_AS(decode_model_file(good.substr(0, n), "m.expm"), ModelFileError);
  }
  SUBCASE("every single flipped byte") {
    for (size_t i = 0; i < good.size(); ++i) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0x5a);
      CHECK_THROWS_AS(decode_model_file(bad, "m.expm"), ModelFileError);
    }
  }
  SUBCASE("not a model file at all") {
    CHECK_THROWS_WITH_AS(decode_model_file("hello, world, this is text", "notes.txt"),
                         doctest::Contains("not an exp model file"), ModelFileError);
  }
}

TEST_CASE("model file save and load through the file system") {
  std::string path = "test_model_file.expm";
  save_model_file(path, sample());
  CHECK(load_model_file(path).tensors.size() == 2);
  CHECK_THROWS_AS(load_model_file("does-not-exist.expm"), ModelFileError);
  std::remove(path.c_str());
}
