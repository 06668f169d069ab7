#pragma once
// The one registry of built-ins. The checker reads names, arity and shape
// rules; the runtime keys its kernels by the same names (a unit test proves
// every tensor built-in here has a kernel); the REPL's :help and
// docs/stdlib.md are generated from the docs here.
#include <span>
#include <string>
#include <string_view>

namespace xp::stdlib {

enum class Category {
  Activation,  // elementwise tensor → tensor: relu, tanh, exp, log ...
  Tensor,      // other tensor ops: softmax, concat, dropout, sum, mean, max
  Loss,        // (prediction, target) → scalar, mean over the batch
  Penalty,     // (params...) → scalar: l1, l2
  Init,        // parameter initializers
  Optimizer,
  Schedule,    // learning-rate schedules
  Metric,
  Dataset,     // shipped data sets (stdlib/data/*.csv)
  Generator,   // synthetic data (seeded)
  Source,      // csv(...)
  Space,       // search-space constructors: uniform, loguniform, int, choice
  Math,        // scalar math on hypers: exp, log, sqrt, sin, cos, abs, min, max
  Constant,    // pi, e
  Method,      // tune methods: grid, random, sobol, tpe, hyperband, asha
  Pruner,      // median, sha, hyperband, asha, none
  Preprocess,  // standardize, minmax, onehot
};

enum class ShapeRule {
  None,         // not a tensor op
  Elementwise,  // result has the argument's shape
  Reduce,       // sum/mean/max: all axes → scalar; axis: k → that axis removed
  Rowwise,      // softmax/log_softmax: same shape, normalised along the last axis
  Concat,       // along the last axis (or axis:), other dims equal
  Loss,         // two tensors of compatible shapes → scalar
  Penalty,      // any number of tensors → scalar
};

struct Builtin {
  std::string_view name;
  Category category;
  ShapeRule shape;
  int min_args;      // positional tensor/value arguments
  int max_args;      // -1: variadic
  std::string_view signature;  // as users write it: "leaky_relu(x, alpha: 0.01)"
  std::string_view doc;        // one line
};

std::span<const Builtin> all();
// Finds a built-in by name in a category; nullptr if none.
const Builtin* find(std::string_view name, Category category);
// Finds by name in any category (first match in registry order).
const Builtin* find(std::string_view name);
std::string_view category_name(Category c);
// docs/stdlib.md, generated (tests keep the committed file in sync).
std::string markdown();

// Folder holding the shipped data sets and .exp preludes (stdlib/).
std::string data_dir();

}  // namespace xp::stdlib
