// The checker on real text: parse → resolve → kinds → leakage → space →
// warnings, as the driver runs them. The script of LANGUAGE.md must check
// without a single diagnostic; each rule of "What the compiler rejects" is
// caught with the right code at the right place.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiler/parse_program.h"
#include "compiler/passes/kinds.h"
#include "compiler/passes/leakage.h"
#include "compiler/passes/resolve.h"
#include "compiler/passes/space.h"
#include "compiler/passes/warnings.h"

using namespace xp;

namespace {

struct Checked {
  SourceMap sources;
  Diagnostics diags;
  std::vector<std::string> codes;
  std::string first_text;  // the source text under the first diagnostic's caret

  explicit Checked(std::string text) {
    uint32_t file = sources.add("test.exp", std::move(text));
    ast::Program p = parse_program(sources, file, diags);
    if (!diags.has_errors()) {
      Resolution r = resolve(p, diags);
      if (!diags.has_errors()) {
        verify_kinds(p, r, diags);
        verify_leakage(p, r, diags);
        verify_space(p, r, diags);
        if (!diags.has_errors()) verify_usage(p, r, diags);
      }
    }
    for (const auto& d : diags.all()) codes.push_back(d.code);
    if (!diags.all().empty()) {
      Span s = diags.all()[0].span;
      first_text = sources.file(file).text.substr(s.begin, s.end - s.begin);
    }
  }
};
using Codes = std::vector<std::string>;

const char* kIris = R"(seed 42

data iris = csv("iris.csv", target: "species")      # features: all other columns
split iris { train: 0.6, val: 0.2, test: 0.2, stratify: true }
standardize iris                                      # statistics from train only

hyper lr     ~ loguniform(1e-4, 1e-1)                 # '~' : drawn from a range
hyper hidden ~ choice(8, 16, 32, 64)
hyper decay  ~ loguniform(1e-6, 1e-2)
hyper act    ~ choice(relu, tanh)
hyper epochs = 200                                    # '=' : fixed

model mlp(x: [F]) -> [C] {                            # F, C: dimensions bound by the data
  param W1: [F, hidden] ~ glorot                      # '~' : initial values drawn; then learned
  param b1: [hidden]    ~ zeros
  param W2: [hidden, C] ~ glorot
  param b2: [C]         ~ zeros
  h = act(x @ W1 + b1)
  return h @ W2 + b2                                  # logits
}

train mlp on iris {
  loss      = cross_entropy(mlp(x), y) + decay * l2(W1, W2)
  optimizer = adam(lr)
  epochs    = epochs
  batch     = 16
  stop_early(monitor: val.loss, patience: 15)         # keeps the best weights
}

tune mlp {
  method   = tpe               # grid | random | sobol | tpe | hyperband | asha
  trials   = 40
  maximize = val.accuracy      # or: minimize = val.loss ; or cv: 5 for k-fold
  parallel = 2
  prune    = median(warmup: 10)
}

report mlp {
  hypers                       # the chosen hyperparameters and the search history
  params                       # the learned parameters: shapes, counts, norms
  test: accuracy, f1, confusion
  save "runs/iris"             # model file (parameters + the hypers that made them), study, report
}
)";

// The iris script with `from` replaced by `to` (the first occurrence).
std::string iris_with(const std::string& from, const std::string& to) {
  std::string s = kIris;
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the script of LANGUAGE.md checks clean") {
  Checked c(kIris);
  CHECK(c.codes.empty());
}

TEST_CASE("each rule of the language, on the iris script") {
  SUBCASE("rule 1: an undefined name, with a suggestion") {
    Checked c(iris_with("adam(lr)", "adam(lrr)"));
    CHECK(c.codes == Codes{"E0101"});
    CHECK(c.first_text == "lrr");
    CHECK(c.diags.all()[0].help == "did you mean `lr`?");
  }
  SUBCASE("rule 1: a name defined twice") {
    Checked c(iris_with("hyper epochs = 200", "hyper lr = 200"));
    CHECK(c.codes == Codes{"E0102", "E0101"});  // and `epochs = epochs` now reads nothing
  }
  SUBCASE("rule 2: a param assigned in its model") {
    Checked c(iris_with("  h = act", "  W1 = W1 * 2\n  h = act"));
    CHECK(c.codes == Codes{"E0201"});
    CHECK(c.first_text == "W1");
  }
  SUBCASE("rule 2: a param in a tune objective") {
    Checked c(iris_with("maximize = val.accuracy", "minimize = mlp.b2"));
    CHECK(c.codes == Codes{"E0202"});
  }
  SUBCASE("rule 3: a hyper updated in a train block") {
    Checked c(iris_with("  batch     = 16", "  batch     = 16\n  lr = lr * 0.5"));
    CHECK(c.codes == Codes{"E0203"});
  }
  SUBCASE("rule 5: tuning on the test split") {
    Checked c(iris_with("maximize = val.accuracy", "maximize = test.accuracy"));
    CHECK(c.codes == Codes{"E0401"});
  }
  SUBCASE("rule 5: preprocessing fitted on the test split") {
    Checked c(iris_with("standardize iris ", "standardize iris.test "));
    CHECK(c.codes == Codes{"E0403"});
  }
  SUBCASE("rule 6: loguniform from 0") {
    Checked c(iris_with("loguniform(1e-4, 1e-1)", "loguniform(0, 1e-1)"));
    CHECK(c.codes == Codes{"E0501"});
    CHECK(c.first_text == "0");
  }
  SUBCASE("rule 6: an empty choice") {
    Checked c(iris_with("choice(8, 16, 32, 64)", "choice()"));
    CHECK(c.codes == Codes{"E0506"});
  }
  // rule 6's grid search over a continuous range is checked per study on the
  // lowered program: test_grid_space.cpp.
  SUBCASE("rule 7: a hyper nothing reads is only a warning") {
    Checked c(iris_with("hyper epochs = 200", "hyper epochs = 200\nhyper spare ~ uniform(0, 1)"));
    CHECK(c.codes == Codes{"W0101"});
    CHECK_FALSE(c.diags.has_errors());
  }
  SUBCASE("rule 7: a param no output depends on") {
    Checked c(iris_with("  param b2: [C]         ~ zeros", "  param b2: [C]         ~ zeros\n  param b3: [C] ~ zeros"));
    CHECK(c.codes == Codes{"W0102"});
    CHECK(c.first_text == "b3");
  }
}
