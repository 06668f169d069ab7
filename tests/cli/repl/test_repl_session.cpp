// A ReplSession driven directly, its output captured: where diagnostics point
// (the input just typed, an earlier input, a loaded script) and :shape.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "cli/repl/session.h"

namespace {

namespace fs = std::filesystem;

// A session writing to a temporary file; take() returns what it printed since the last call.
class Transcript {
 public:
  Transcript() : file_(std::tmpfile()), session_(options(file_)) {}
  ~Transcript() { std::fclose(file_); }
  Transcript(const Transcript&) = delete;
  Transcript& operator=(const Transcript&) = delete;

  std::string type(const std::string& input) {
    session_.submit(input);
    return take();
  }
  std::string load(const std::string& path) {
    session_.load(path);
    return take();
  }

 private:
  static xp::cli::ReplSession::Options options(std::FILE* f) {
    xp::cli::ReplSession::Options o;
    o.out = f;
    return o;
  }
  std::string take() {
    std::fflush(file_);
    long end = std::ftell(file_);
    std::string text(static_cast<size_t>(end - read_), '\0');
    std::fseek(file_, read_, SEEK_SET);
    size_t n = std::fread(text.data(), 1, text.size(), file_);
    text.resize(n);
    read_ = end;
    std::fseek(file_, end, SEEK_SET);
    return text;
  }

  std::FILE* file_;
  xp::cli::ReplSession session_;
  long read_ = 0;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a diagnostic counts lines and columns from the start of the input it is about") {
  Transcript t;
  CHECK(has(t.type("hyper lr = 0.1"), "defined hyper lr"));
  t.type("# comments alone are not inputs");
  SUBCASE("a one-line input: its line 1, named by its number in the session") {
    std::string out = t.type("hyper rate = lrr * 2");
    CHECK(has(out, "<repl:2>:1:14: error[E0101]: undefined name `lrr`"));
    CHECK(has(out, "1 | hyper rate = lrr * 2"));
  }
  SUBCASE("a multi-line input: lines of that input, whatever came before") {
    t.type("hyper hidden = 4");
    std::string out = t.type("model m(x: [F]) -> [1] {\n  param w: [F, 2] ~ zeros\n  return x @ w\n}");
    CHECK(has(out, "<repl:3>:3:10: error[E0303]"));
    CHECK(has(out, "1 | model m(x: [F]) -> [1] {"));  // the secondary label, in the same input
    CHECK_FALSE(has(out, "<repl>"));
  }
  SUBCASE("an expression: the column is where the user typed it, not inside the checker's wrapping") {
    std::string out = t.type("  lrr * 2 + nosuch");
    CHECK(has(out, "<repl:2>:1:3: error[E0101]: undefined name `lrr`"));
    CHECK_FALSE(has(out, "print"));
  }
  SUBCASE("a message that quotes a place follows it") {
    t.type("hyper a = 1");
    std::string out = t.type("hyper h ~ choice(8, 16]");
    CHECK(has(out, "<repl:3>:1:23: error[E0003]: expected `)` to close the `(` opened at 1:17"));
  }
}

TEST_CASE("an earlier input broken by a later one is named by its own number") {
  Transcript t;
  t.type("hyper h = 4");
  CHECK(has(t.type("model m(x: [F]) -> [h] {\n  param w: [F, 4] ~ zeros\n  return x @ w\n}"), "defined model m"));
  std::string out = t.type("hyper h = 5");
  CHECK(has(out, "<repl:2>:3:10: error[E0303]"));
  CHECK_FALSE(has(out, "replaced hyper h"));  // refused: the session keeps h = 4
}

TEST_CASE("statements loaded from a script point into the script") {
  fs::path dir = fs::temp_directory_path() / "exp-test-repl-session";
  fs::create_directories(dir);
  fs::path script = dir / "broken.exp";
  std::ofstream(script) << "# a script\n"
                           "hyper lr = 0.1\n"
                           "\n"
                           "hyper rate = lrr * 2\n";
  Transcript t;
  t.type("hyper unrelated = 1");
  std::string out = t.load(script.string());
  CHECK(has(out, script.string() + ":4:14: error[E0101]"));
  CHECK(has(out, "4 | hyper rate = lrr * 2"));
  CHECK_FALSE(has(out, "loaded"));  // refused as a whole
  fs::remove_all(dir);
}

TEST_CASE(":shape gives the kind and the shape the compiler's shape pass finds for an expression") {
  Transcript t;
  t.type("hyper hidden ~ choice(8, 16)");
  t.type("model mlp(x: [F]) -> [C] {\n"
         "  param W1: [F, hidden] ~ glorot\n"
         "  param b1: [hidden] ~ zeros\n"
         "  param W2: [hidden, C] ~ glorot\n"
         "  return relu(x @ W1 + b1) @ W2\n"
         "}");
  CHECK(t.type(":shape mlp") ==
        "mlp(x: [F]) -> [C]\n  param W1: [F, hidden]\n  param b1: [hidden]\n  param W2: [hidden, C]\n  return [C]\n");
  CHECK(t.type(":shape mlp.W1") == "mlp.W1: parameter [F, hidden]\n");
  CHECK(t.type(":shape hidden") == "hidden: hyper []\n");
  CHECK(t.type(":shape mlp.W1 @ mlp.W2") == "mlp.W1 @ mlp.W2: value [F, C]\n");
  CHECK(t.type(":shape relu(mlp.W1 + mlp.b1)") == "relu(mlp.W1 + mlp.b1): value [F, hidden]\n");
  CHECK(t.type(":shape mlp(mlp.b1)") == "mlp(mlp.b1): value [C]\n");
  CHECK(t.type(":shape 2 * hidden") == "2 * hidden: value []\n");
  SUBCASE("a shape mistake is the compiler's diagnostic, pointing into the input") {
    std::string out = t.type(":shape mlp.W2 @ mlp.W1");
    CHECK(has(out, "<repl:10>:1:8: error[E03"));
    CHECK(has(out, "1 | :shape mlp.W2 @ mlp.W1"));
  }
  SUBCASE("so is a name the session does not know") {
    CHECK(has(t.type(":shape mlp.W3 + 1"), "<repl:10>:1:12: error[E0103]"));
  }
  SUBCASE("values without a shape say so") {
    CHECK(has(t.type(":shape \"text\""), "error: `\"text\"` has no shape"));
  }
  SUBCASE("typing an expression leaves the session as it was") {
    t.type(":shape mlp.W2 @ mlp.W1");
    CHECK(t.type(":shape mlp.W1") == "mlp.W1: parameter [F, hidden]\n");
  }
}

TEST_CASE("a prediction uses the model of the latest training, and a regression model gives its value") {
  Transcript t;
  for (const char* input : {"data houses = diabetes", "split houses { train: 0.6, val: 0.2, test: 0.2 }",
                            "model lin(x: [F]) -> [1] {\n  param W: [F, 1] ~ zeros\n  param b: [1] ~ zeros\n  return x @ W + b\n}"})
    t.type(input);
  const std::string row = "lin([0.03, 0.05, 0.06, 0.02, -0.04, -0.03, -0.04, 0.0, 0.02, -0.02])";
  auto train = [&](int epochs) {
    return t.type("train lin on houses {\n  loss = mse(lin(x), y)\n  optimizer = adam(0.5)\n  epochs = " +
                  std::to_string(epochs) + "\n  batch = 32\n}");
  };
  CHECK(has(train(1), "trained lin for 1 epoch "));
  const std::string first = t.type(row);
  REQUIRE(has(first, "prediction "));
  CHECK_FALSE(has(first, "p("));         // no class probabilities for a value
  CHECK_FALSE(has(first, "error"));
  CHECK(t.type(row) == first);           // the same model predicts the same
  CHECK(has(train(20), "for 20 epochs"));
  const std::string second = t.type(row);
  REQUIRE(has(second, "prediction "));
  CHECK(second != first);                // the retrained model, not the first one kept
}

TEST_CASE("wide data: the REPL counts features from `features`, lists a few names, and predicts from a list") {
  // report.json lists the first 1000 feature names (docs/report.md, "Bounds");
  // the REPL read the count from that list and the column names from it.
  const fs::path dir = fs::temp_directory_path() / ("exp-repl-wide-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  constexpr int kColumns = 1100;
  {
    std::ofstream csv(dir / "wide.csv");
    for (int c = 0; c < kColumns; ++c) csv << "x" << c << ",";
    csv << "y\n";
    for (int i = 0; i < 40; ++i) {
      for (int c = 0; c < kColumns; ++c) csv << (i * 31 + c) % 17 << ",";
      csv << (i % 2 ? "yes" : "no") << "\n";
    }
  }
  {
    Transcript t;
    t.type("data w = csv(\"" + (dir / "wide.csv").string() + "\", target: \"y\")");
    t.type("split w { train: 0.6, val: 0.2, test: 0.2 }");
    t.type("model lin(x: [F]) -> [C] {\n  param W: [F, C] ~ zeros\n  return x @ W\n}");
    REQUIRE(has(t.type("train lin on w {\n  loss = cross_entropy(lin(x), y)\n  optimizer = adam(0.1)\n  epochs = 1\n}"),
                "trained lin"));
    const std::string summary = t.type("w");
    CHECK(has(summary, "× 1100 features (x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, … 1088 more: 1100 in all)"));
    const std::string wrong = t.type("lin([1, 2])");
    CHECK(has(wrong, "lin takes 1100 features, got 2"));
    CHECK(has(wrong, "x99, … 1000 more: 1100 in all"));
    std::string row = "lin([";
    for (int c = 0; c < kColumns; ++c) row += (c ? ", " : "") + std::to_string(c % 17);
    const std::string predicted = t.type(row + "])");
    CHECK(has(predicted, "prediction"));
    CHECK_FALSE(has(predicted, "error"));
  }
  fs::remove_all(dir);
}
