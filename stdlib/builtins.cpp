#include "stdlib/builtins.h"

#include <array>
#include <cstdlib>

#include <fmt/format.h>

namespace xp::stdlib {
namespace {

using C = Category;
using S = ShapeRule;

constexpr std::array kBuiltins = {
    // activations (elementwise, differentiable)
    Builtin{"relu", C::Activation, S::Elementwise, 1, 1, "relu(x)", "max(x, 0)"},
    Builtin{"leaky_relu", C::Activation, S::Elementwise, 1, 1, "leaky_relu(x, alpha: 0.01)", "x if x > 0 else alpha·x"},
    Builtin{"elu", C::Activation, S::Elementwise, 1, 1, "elu(x, alpha: 1)", "x if x > 0 else alpha·(exp(x) − 1)"},
    Builtin{"gelu", C::Activation, S::Elementwise, 1, 1, "gelu(x)", "Gaussian error linear unit (tanh approximation)"},
    Builtin{"tanh", C::Activation, S::Elementwise, 1, 1, "tanh(x)", "hyperbolic tangent"},
    Builtin{"sigmoid", C::Activation, S::Elementwise, 1, 1, "sigmoid(x)", "1 / (1 + exp(−x))"},
    Builtin{"softplus", C::Activation, S::Elementwise, 1, 1, "softplus(x)", "log(1 + exp(x)), computed stably"},
    Builtin{"identity", C::Activation, S::Elementwise, 1, 1, "identity(x)", "x unchanged (useful as a choice of activation)"},
    Builtin{"exp", C::Activation, S::Elementwise, 1, 1, "exp(x)", "elementwise eˣ"},
    Builtin{"log", C::Activation, S::Elementwise, 1, 1, "log(x)", "elementwise natural logarithm"},
    Builtin{"sqrt", C::Activation, S::Elementwise, 1, 1, "sqrt(x)", "elementwise square root"},
    Builtin{"abs", C::Activation, S::Elementwise, 1, 1, "abs(x)", "elementwise absolute value"},
    // other tensor ops
    Builtin{"softmax", C::Tensor, S::Rowwise, 1, 1, "softmax(x)", "exp(x) normalised to sum 1 along the last axis"},
    Builtin{"log_softmax", C::Tensor, S::Rowwise, 1, 1, "log_softmax(x)", "log of softmax, computed stably"},
    Builtin{"sum", C::Tensor, S::Reduce, 1, 1, "sum(x, axis: k)", "sum of all elements, or along one axis"},
    Builtin{"mean", C::Tensor, S::Reduce, 1, 1, "mean(x, axis: k)", "mean of all elements, or along one axis"},
    Builtin{"max", C::Tensor, S::Reduce, 1, 1, "max(x, axis: k)", "largest element, or along one axis"},
    Builtin{"concat", C::Tensor, S::Concat, 2, -1, "concat(a, b, ...)", "join tensors along the last axis"},
    Builtin{"dropout", C::Tensor, S::Elementwise, 1, 1, "dropout(x, rate: 0.5)", "zero each element with probability rate while training (seeded); identity otherwise"},
    // losses
    Builtin{"cross_entropy", C::Loss, S::Loss, 2, 2, "cross_entropy(logits, y)", "softmax cross-entropy from logits against class labels, mean over the batch"},
    Builtin{"binary_cross_entropy", C::Loss, S::Loss, 2, 2, "binary_cross_entropy(logit, y)", "sigmoid cross-entropy from logits against 0/1 labels"},
    Builtin{"mse", C::Loss, S::Loss, 2, 2, "mse(pred, y)", "mean squared error"},
    Builtin{"mae", C::Loss, S::Loss, 2, 2, "mae(pred, y)", "mean absolute error"},
    Builtin{"huber", C::Loss, S::Loss, 2, 2, "huber(pred, y, delta: 1)", "squared near zero, absolute beyond delta"},
    Builtin{"hinge", C::Loss, S::Loss, 2, 2, "hinge(score, y)", "max(0, 1 − y·score) with y in {0, 1} mapped to ±1"},
    // penalties
    Builtin{"l1", C::Penalty, S::Penalty, 1, -1, "l1(W1, W2, ...)", "sum of absolute values of the given parameters"},
    Builtin{"l2", C::Penalty, S::Penalty, 1, -1, "l2(W1, W2, ...)", "sum of squares of the given parameters"},
    // initializers
    Builtin{"zeros", C::Init, S::None, 0, 0, "zeros", "all 0"},
    Builtin{"ones", C::Init, S::None, 0, 0, "ones", "all 1"},
    Builtin{"constant", C::Init, S::None, 1, 1, "constant(v)", "all v"},
    Builtin{"normal", C::Init, S::None, 0, 2, "normal(mean: 0, std: 0.01)", "Gaussian draws"},
    Builtin{"uniform", C::Init, S::None, 0, 2, "uniform(low: -0.05, high: 0.05)", "uniform draws (as an initializer; as a space see Space)"},
    Builtin{"glorot", C::Init, S::None, 0, 0, "glorot", "Glorot/Xavier uniform: ±sqrt(6 / (fan_in + fan_out))"},
    Builtin{"xavier", C::Init, S::None, 0, 0, "xavier", "same as glorot"},
    Builtin{"glorot_normal", C::Init, S::None, 0, 0, "glorot_normal", "Glorot/Xavier normal: std sqrt(2 / (fan_in + fan_out))"},
    Builtin{"he", C::Init, S::None, 0, 0, "he", "He/Kaiming normal: std sqrt(2 / fan_in)"},
    Builtin{"kaiming", C::Init, S::None, 0, 0, "kaiming", "same as he"},
    Builtin{"he_uniform", C::Init, S::None, 0, 0, "he_uniform", "He/Kaiming uniform: ±sqrt(6 / fan_in)"},
    // optimizers
    Builtin{"sgd", C::Optimizer, S::None, 1, 1, "sgd(lr, momentum: 0, nesterov: false)", "stochastic gradient descent"},
    Builtin{"adam", C::Optimizer, S::None, 1, 1, "adam(lr, beta1: 0.9, beta2: 0.999, eps: 1e-8)", "Adam (Kingma & Ba 2015)"},
    Builtin{"adamw", C::Optimizer, S::None, 1, 1, "adamw(lr, weight_decay: 0.01)", "Adam with decoupled weight decay (Loshchilov & Hutter 2019)"},
    Builtin{"rmsprop", C::Optimizer, S::None, 1, 1, "rmsprop(lr, rho: 0.9, eps: 1e-8)", "RMSProp"},
    Builtin{"adagrad", C::Optimizer, S::None, 1, 1, "adagrad(lr, eps: 1e-10)", "Adagrad"},
    // schedules
    Builtin{"constant_lr", C::Schedule, S::None, 0, 0, "constant_lr", "the learning rate never changes"},
    Builtin{"step", C::Schedule, S::None, 0, 2, "step(every: 30, gamma: 0.1)", "multiply the rate by gamma every `every` epochs"},
    Builtin{"cosine", C::Schedule, S::None, 0, 1, "cosine(min: 0)", "cosine decay from lr to min over the epochs"},
    Builtin{"warmup", C::Schedule, S::None, 0, 1, "warmup(epochs: 5)", "linear warm-up from 0 to lr over the first epochs"},
    // metrics
    Builtin{"accuracy", C::Metric, S::None, 0, 0, "accuracy", "fraction of correct class predictions"},
    Builtin{"precision", C::Metric, S::None, 0, 0, "precision", "macro-averaged precision"},
    Builtin{"recall", C::Metric, S::None, 0, 0, "recall", "macro-averaged recall"},
    Builtin{"f1", C::Metric, S::None, 0, 0, "f1", "macro-averaged F1 score"},
    Builtin{"confusion", C::Metric, S::None, 0, 0, "confusion", "confusion matrix (rows: true class, columns: predicted)"},
    Builtin{"log_loss", C::Metric, S::None, 0, 0, "log_loss", "mean negative log-likelihood of the true class"},
    Builtin{"auc", C::Metric, S::None, 0, 0, "auc", "area under the ROC curve (binary classification)"},
    Builtin{"loss", C::Metric, S::None, 0, 0, "loss", "the training loss evaluated on the split"},
    Builtin{"mse", C::Metric, S::None, 0, 0, "mse", "mean squared error"},
    Builtin{"rmse", C::Metric, S::None, 0, 0, "rmse", "root mean squared error"},
    Builtin{"mae", C::Metric, S::None, 0, 0, "mae", "mean absolute error"},
    Builtin{"r2", C::Metric, S::None, 0, 0, "r2", "coefficient of determination"},
    // data
    Builtin{"csv", C::Source, S::None, 1, 1, "csv(path, target: \"col\", columns: [\"a\", \"b\"], task: classification|regression, impute: none|mean|drop)", "a CSV file with a header row; path relative to the script"},
    Builtin{"iris", C::Dataset, S::None, 0, 0, "iris", "150 flowers, 4 features, 3 species (UCI)"},
    Builtin{"wine", C::Dataset, S::None, 0, 0, "wine", "178 wines, 13 features, 3 classes (UCI)"},
    Builtin{"breast_cancer", C::Dataset, S::None, 0, 0, "breast_cancer", "569 tumours, 30 features, malignant/benign (UCI)"},
    Builtin{"digits", C::Dataset, S::None, 0, 0, "digits", "1797 8×8 images of digits, 64 features, 10 classes (UCI)"},
    Builtin{"diabetes", C::Dataset, S::None, 0, 0, "diabetes", "442 patients, 10 features, disease progression (regression)"},
    Builtin{"moons", C::Generator, S::None, 0, 0, "moons(n: 200, noise: 0.1, seed: 0)", "two interleaving half circles"},
    Builtin{"circles", C::Generator, S::None, 0, 0, "circles(n: 200, noise: 0.05, factor: 0.5, seed: 0)", "a circle inside a circle"},
    Builtin{"blobs", C::Generator, S::None, 0, 0, "blobs(n: 200, centers: 3, features: 2, std: 1, seed: 0)", "Gaussian clusters"},
    Builtin{"spirals", C::Generator, S::None, 0, 0, "spirals(n: 200, arms: 2, noise: 0.1, seed: 0)", "interleaved spirals"},
    Builtin{"xor", C::Generator, S::None, 0, 0, "xor(n: 200, noise: 0.1, seed: 0)", "four clusters labelled by XOR of their quadrant"},
    Builtin{"regression", C::Generator, S::None, 0, 0, "regression(n: 200, features: 5, noise: 0.1, bias: 0, seed: 0)", "linear regression with Gaussian noise"},
    Builtin{"friedman1", C::Generator, S::None, 0, 0, "friedman1(n: 200, features: 10, noise: 0, seed: 0)", "Friedman #1 nonlinear regression"},
    Builtin{"standardize", C::Preprocess, S::None, 0, 0, "standardize DATA", "zero mean, unit variance per feature, fitted on the training part"},
    Builtin{"minmax", C::Preprocess, S::None, 0, 0, "minmax DATA", "scale each feature to [0, 1], fitted on the training part"},
    Builtin{"onehot", C::Preprocess, S::None, 0, 0, "onehot DATA.column", "one-hot encode a column (categorical text columns are encoded by default)"},
    // search spaces
    Builtin{"uniform", C::Space, S::None, 2, 2, "uniform(low, high, step: s)", "a real drawn uniformly"},
    Builtin{"loguniform", C::Space, S::None, 2, 2, "loguniform(low, high)", "a positive real drawn uniformly in log space"},
    Builtin{"int", C::Space, S::None, 2, 2, "int(low, high, step: 1, log: false)", "an integer in [low, high]"},
    Builtin{"choice", C::Space, S::None, 1, -1, "choice(v1, v2, ...)", "one of the listed numbers, names or strings"},
    // scalar math on hypers (also usable in black-box objectives)
    Builtin{"exp", C::Math, S::None, 1, 1, "exp(v)", "eᵛ"},
    Builtin{"log", C::Math, S::None, 1, 1, "log(v)", "natural logarithm"},
    Builtin{"sqrt", C::Math, S::None, 1, 1, "sqrt(v)", "square root"},
    Builtin{"sin", C::Math, S::None, 1, 1, "sin(v)", "sine"},
    Builtin{"cos", C::Math, S::None, 1, 1, "cos(v)", "cosine"},
    Builtin{"abs", C::Math, S::None, 1, 1, "abs(v)", "absolute value"},
    Builtin{"min", C::Math, S::None, 2, -1, "min(a, b, ...)", "smallest argument"},
    Builtin{"max", C::Math, S::None, 2, -1, "max(a, b, ...)", "largest argument"},
    Builtin{"pi", C::Constant, S::None, 0, 0, "pi", "3.14159…"},
    Builtin{"e", C::Constant, S::None, 0, 0, "e", "2.71828…"},
    Builtin{"true", C::Constant, S::None, 0, 0, "true", "1, for yes/no options such as `stratify: true`"},
    Builtin{"false", C::Constant, S::None, 0, 0, "false", "0, for yes/no options such as `shuffle: false`"},
    // tuning
    Builtin{"grid", C::Method, S::None, 0, 0, "grid", "every combination (continuous ranges need a step)"},
    Builtin{"random", C::Method, S::None, 0, 0, "random", "independent uniform draws"},
    Builtin{"sobol", C::Method, S::None, 0, 0, "sobol", "scrambled Sobol quasi-random points"},
    Builtin{"tpe", C::Method, S::None, 0, 0, "tpe", "tree-structured Parzen estimator (Bergstra et al. 2011)"},
    Builtin{"hyperband", C::Method, S::None, 0, 0, "hyperband", "random search with Hyperband brackets over epochs (Li et al. 2017)"},
    Builtin{"asha", C::Method, S::None, 0, 0, "asha", "random search with asynchronous successive halving (Li et al. 2020)"},
    Builtin{"median", C::Pruner, S::None, 0, 0, "median(warmup: 5, startup: 5)", "stop a trial worse than the median of earlier trials at the same epoch"},
    Builtin{"sha", C::Pruner, S::None, 0, 0, "sha(min: 1, max: epochs, eta: 3)", "successive halving over epochs"},
    Builtin{"hyperband", C::Pruner, S::None, 0, 0, "hyperband(min: 1, max: epochs, eta: 3)", "Hyperband brackets over epochs"},
    Builtin{"asha", C::Pruner, S::None, 0, 0, "asha(min: 1, max: epochs, eta: 3)", "asynchronous successive halving"},
    Builtin{"none", C::Pruner, S::None, 0, 0, "none", "never stop a trial early"},
};

}  // namespace

std::span<const Builtin> all() { return kBuiltins; }

const Builtin* find(std::string_view name, Category category) {
  for (const auto& b : kBuiltins)
    if (b.category == category && b.name == name) return &b;
  return nullptr;
}

const Builtin* find(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

std::string_view category_name(Category c) {
  switch (c) {
    case C::Activation: return "activations";
    case C::Tensor: return "tensor operations";
    case C::Loss: return "losses";
    case C::Penalty: return "penalties";
    case C::Init: return "initializers";
    case C::Optimizer: return "optimizers";
    case C::Schedule: return "learning-rate schedules";
    case C::Metric: return "metrics";
    case C::Dataset: return "data sets";
    case C::Generator: return "generators";
    case C::Source: return "data sources";
    case C::Space: return "search spaces";
    case C::Math: return "scalar math";
    case C::Constant: return "constants";
    case C::Method: return "tuning methods";
    case C::Pruner: return "pruners";
    case C::Preprocess: return "preprocessing";
  }
  return "?";
}

std::string markdown() {
  std::string out =
      "# The standard library\n\n"
      "Generated from `stdlib/builtins.cpp` (the one registry the checker, the runtime and the\n"
      "REPL's `:help` read). Regenerate with `exp help --markdown > docs/stdlib.md`.\n";
  for (int c = 0; c <= static_cast<int>(C::Preprocess); ++c) {
    auto cat = static_cast<Category>(c);
    out += fmt::format("\n## {}\n\n| name | use | what it does |\n| --- | --- | --- |\n", category_name(cat));
    for (const auto& b : kBuiltins)
      if (b.category == cat) out += fmt::format("| `{}` | `{}` | {} |\n", b.name, b.signature, b.doc);
  }
  return out;
}

std::string data_dir() {
  if (const char* env = std::getenv("EXP_STDLIB")) return env;
  return EXP_STDLIB_DIR;
}

}  // namespace xp::stdlib
