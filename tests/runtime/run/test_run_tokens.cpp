// Shapes and token ids end to end: digits given as 8 × 8 × 1 images by the
// data (`shape:`), and a text classifier whose vocabulary, fitted on the
// training part, is saved in the model file and applied by prediction to
// new text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "compiler/driver.h"
#include "runtime/data/load.h"
#include "runtime/metrics/metrics.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"
#include "tests/runtime/temp_dir.h"

using namespace xp;

namespace {

rt::RunResult run_token_script(const std::string& source, const TempDir& dir, CompileResult& c) {
  c = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/tokens_test.exp", source);
  for (const auto& diag : c.diags.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(c.ok());
  rt::RunOptions o;
  o.out_dir = dir.str();
  o.print = [](const std::string&) {};
  Diagnostics d;
  auto r = rt::run_program(*c.ir, o, d);
  for (const auto& diag : d.all()) MESSAGE(diag.code << ": " << diag.message);
  REQUIRE(r.status == rt::RunStatus::Ok);
  return r;
}

}  // namespace

// (x: [H, W, C]: cnn's constant 3 × 3 kernels over the generic height are
// a condition of `net`, proved at `train` for the data's H = 8.)
TEST_CASE("digits shaped [8, 8, 1] by the data train a CNN whose input is x: [H, W, C]") {
  TempDir dir;
  CompileResult c;
  auto r = run_token_script("seed 2\nimport std.models\ndata d = digits(shape: [8, 8, 1])\n"
                      "split d { train: 0.7, val: 0.15, test: 0.15, stratify: true }\nstandardize d\n"
                      "model net(x: [H, W, C]) -> [K] {\n  return cnn(x, 4, 3, K)\n}\n"
                      "train net on d {\n  loss = cross_entropy(net(x), y)\n  optimizer = adam(0.01)\n"
                      "  epochs = 2\n  batch = 64\n}\nreport net { test: accuracy }\n",
                      dir, c);
  const double measured = r.report["metrics"]["test"]["accuracy"].get<double>();
  CHECK(measured > 0.8);
  Diagnostics d;
  auto saved = rt::load_saved_model(r.model_path, d);
  REQUIRE(saved);
  CHECK(saved->schema.shape == std::vector<int64_t>{8, 8, 1});
  auto data = rt::prepare_data(c.ir->data[0], c.ir->seed.value_or(0), d);
  REQUIRE(data);
  rt::Matrix out;
  saved->model->predict(data->test.X, out);
  CHECK(rt::metric("accuracy", out, data->test, rt::Task::Classification) == measured);
}

TEST_CASE("a text classifier: embedding over words, vocabulary saved and applied to new text") {
  TempDir dir(TempDir::created);
  const std::string csv = (dir.path / "reviews.csv").string();
  {
    // Each review: two filler words and one opinion word, in varying order.
    const char* good[] = {"good", "great", "lovely", "superb"};
    const char* bad[] = {"bad", "awful", "boring", "dull"};
    const char* filler[] = {"the", "film", "was", "a", "plot", "story", "really", "acting"};
    std::ofstream f(csv);
    f << "review,label\n";
    for (int i = 0; i < 240; ++i) {
      const bool pos = i % 2 == 0;
      const char* opinion = pos ? good[(i / 2) % 4] : bad[(i / 2) % 4];
      const char* a = filler[i % 8];
      const char* b = filler[(i * 3 + 1) % 8];
      if (i % 3 == 0) f << "\"" << opinion << ", " << a << " " << b << "!\"";
      else f << a << " " << opinion << " " << b;
      f << "," << (pos ? "pos" : "neg") << "\n";
    }
  }
  CompileResult c;
  auto r = run_token_script("seed 1\nimport std.models\n"
                      "data d = csv(\"" + csv + "\", target: \"label\", text: \"review\", length: 4, vocab: 30)\n"
                      "split d { train: 0.7, val: 0.15, test: 0.15, stratify: true }\n"
                      "model net(x: [T]) -> [C] {\n  e = embedding(x, 30, 8)\n  return dense(flatten(e), C)\n}\n"
                      "train net on d {\n  loss = cross_entropy(net(x), y)\n  optimizer = adam(0.05)\n"
                      "  epochs = 30\n  batch = 16\n}\nreport net { test: accuracy }\n",
                      dir, c);
  CHECK(r.report["metrics"]["test"]["accuracy"].get<double>() > 0.9);
  Diagnostics d;
  auto saved = rt::load_saved_model(r.model_path, d);
  REQUIRE(saved);
  const rt::Tokens& t = saved->schema.tokens;
  CHECK(t.kind == rt::Tokens::Kind::Text);
  CHECK(t.length == 4);
  CHECK(std::find(t.words.begin(), t.words.end(), "superb") != t.words.end());

  const std::string fresh = (dir.path / "new.csv").string();
  std::ofstream(fresh) << "review\n\"Superb!\"\nthe story was DULL\n\"great, great\"\nawful zebra\n";
  auto part = rt::load_for_prediction(fresh, saved->schema, saved->scaling, d);
  REQUIRE(part);
  CHECK(part->X(3, 1) == rt::Tokens::kUnknown);  // zebra: never seen in training
  rt::Matrix out;
  saved->model->predict(part->X, out);
  const auto pos = static_cast<Eigen::Index>(std::find(saved->schema.class_names.begin(),
                                                       saved->schema.class_names.end(), "pos") -
                                             saved->schema.class_names.begin());
  auto predicted_pos = [&](Eigen::Index row) {
    Eigen::Index best = 0;
    out.row(row).maxCoeff(&best);
    return best == pos;
  };
  CHECK(predicted_pos(0));
  CHECK_FALSE(predicted_pos(1));
  CHECK(predicted_pos(2));
  CHECK_FALSE(predicted_pos(3));
}

// A built-in's argument may be an integer input of the model it is in (the
// value of that call) or a yes/no hyper; the runtime read only numeric hypers
// and refused `causal: true` and `stride: s` alike.
TEST_CASE("a built-in's yes/no argument and a model's integer input reach the kernel") {
  auto losses = [](const std::string& top, const std::string& call) {
    TempDir dir;
    CompileResult c;
    auto r = run_token_script("seed 3\nimport std.models\ndata d = token_sum(n: 120, length: 6, vocab: 8)\n"
                              "split d { train: 0.7, val: 0.3 }\n" + top +
                              "model net(x: [T]) -> [2] {\n  e = embedding(x, 8, 4)\n"
                              "  return dense(mean(" + call + ", axis: 0), 2)\n}\n"
                              "train net on d {\n  loss = cross_entropy(net(x), y)\n  epochs = 1\n  batch = 16\n}\n",
                              dir, c);
    const auto& epoch = r.report["history"][0];
    return epoch["train_loss"].dump() + " " + epoch["val_loss"].dump();
  };
  const std::string causal = losses("", "attention(e, e, e, causal: true)");
  const std::string plain = losses("", "attention(e, e, e)");
  CHECK(causal != plain);  // the mask changes the training
  CHECK(losses("hyper c = true\n", "attention(e, e, e, causal: c)") == causal);
  CHECK(losses("hyper c = false\n", "attention(e, e, e, causal: c)") == plain);
  const std::string conv = "model strided(x: [T, D], s: int) -> [(T - 2) / s + 1, D] {\n  param K: [2, D, D] ~ glorot\n"
                           "  return conv1d(x, K, stride: s)\n}\n";
  const std::string direct = "model strided(x: [T, D]) -> [(T - 2) / 2 + 1, D] {\n  param K: [2, D, D] ~ glorot\n"
                             "  return conv1d(x, K, stride: 2)\n}\n";
  CHECK(losses(conv, "strided(e, 2)") == losses(direct, "strided(e)"));
}
