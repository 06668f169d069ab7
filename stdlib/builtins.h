#pragma once
// The one registry of built-ins. Every fact about a built-in lives here as
// data: its name and category, its arguments (name, positional or named,
// type, default, bounds, allowed words), a metric's direction and task, the
// task a loss implies. The checker validates calls from it
// (compiler/passes/signature.h, kinds_calls.cpp), the runtime reads defaults
// and bounds from it (optimizers, schedules, tune and pruner options, data
// generators), and the signature text of `exp help` and docs/stdlib.md is
// rendered from it. Adding an option is one line here; docs/stdlib-registry.md
// says how, and tests/stdlib/test_registry.cpp holds the runtime to it.
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
  Method,      // tune methods: grid, random, sobol, tpe, hyperband, sha, asha
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
  Conv,         // conv2d: [h, w, c] with filters [k, k, c, f] → [(h − k) / s + 1, …, f] (docs/shapes.md)
  Pool,         // max_pool/avg_pool: [h, w, c] → [(h − size) / stride + 1, …, c]
  GlobalPool,   // global_avg_pool: [h, w, c] → [c]
  Flatten,      // flatten: any per-example shape → [product]
  Reshape,      // reshape(x, shape: [a, b, …]): the same numbers in a shape of equal size
  // sequence ops (docs/shapes.md)
  Conv1d,       // conv1d: [t, c] with filters [k, c, f] → [(t − d·(k − 1) − 1) / s + 1, f]
  Transpose,    // transpose: [.., a, b] → [.., b, a]
  Permute,      // permute(x, axes: [..]): output axis i is input axis axes[i]
  Attention,    // attention(q [.., t, d], k [.., s, d], v [.., s, e], mask [s]) → [.., t, e]
  LayerNorm,    // layer_norm / batch_norm(x [.., d], gain [d], bias [d]) → x's shape
  Gather,       // gather(table, ids): table [V, D], integer ids [T] → [T, D] (std.models' embedding)
  MaskedMean,   // masked_mean(x [T, ..], mask [T]): the mean over the positions whose mask is not 0 → [..]
};

// What an argument's value is.
enum class ArgType {
  Tensor,   // a tensor expression (model code)
  Value,    // a number or a name (space bounds, choice members, init values)
  Number,   // a real number (bounds: min/max)
  Int,      // a whole number (bounds: min/max)
  Bool,     // true / false (or 1 / 0)
  Word,     // one of `words`, written bare: `task: regression`
  String,   // a quoted string: a path, a column name
  Strings,  // a list of quoted strings: columns: ["a", "b"]
  Metric,   // a metric reference: monitor: val.loss
  Shape,    // a list of sizes, [8, 8, 1] (reshape's target; it becomes the op's shape, not an attribute)
  Axes,     // a list of axis numbers, [1, 0, 2] (permute's order; each reaches the kernel as an `axis`)
};

// The task a loss implies or a metric applies to.
enum class Task { None, Classification, Regression, Both };

inline constexpr double kNoDefault = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct Arg {
  std::string_view name;
  ArgType type = ArgType::Number;
  bool named = true;                          // false: positional, in order
  double default_value = kNoDefault;          // the runtime's default; NaN: none (required, or "absent")
  double min = -kInf, max = kInf;             // Number / Int bounds
  bool min_open = false, max_open = false;    // (min, …) / (…, max)
  std::span<const std::string_view> words{};  // Word: the words it accepts
  std::string_view shown{};                   // the default as shown when not a number: "epochs", "\"col\""
  std::string_view doc{};                     // one phrase: "number of points"

  bool has_default() const { return default_value == default_value; }
  bool integer() const { return type == ArgType::Int; }
  // Whether a number is a value this argument takes (type and bounds).
  bool accepts(double v) const;
  // What `accepts` asks for, as messages say it: "an integer from 1 to 10000",
  // "a number in [0, 1)", "a whole number ≥ 1", "a number > 0".
  std::string range_text() const;
  // The argument as a signature shows it: "lr", "momentum: 0", "task: classification|regression".
  std::string rendered() const;
  bool accepts_word(std::string_view w) const;
};

struct Builtin {
  std::string_view name;
  Category category;
  ShapeRule shape;
  int min_args;                 // positional arguments
  int max_args;                 // -1: variadic
  std::span<const Arg> args{};  // positional ones first, in order, then the named ones
  std::string_view doc{};       // one line
  Task task = Task::None;       // Loss: the task it implies; Metric: the task it applies to
  bool higher_is_better = false;  // Metric: its direction (tuning, early stopping)
  std::string_view usage{};     // a form that is not a call: "standardize DATA"

  const Arg* arg(std::string_view arg_name) const;  // nullptr if it has none of that name
  bool variadic() const { return max_args < 0; }
};

std::span<const Builtin> all();
// Finds a built-in by name in a category; nullptr if none.
const Builtin* find(std::string_view name, Category category);
// Finds by name in any category (first match in registry order).
const Builtin* find(std::string_view name);
std::string_view category_name(Category c);
std::string_view task_name(Task t);  // "classification", "regression", "both", ""
// Whether a metric/loss of task `t` fits data of task `data` ("classification" / "regression").
bool fits_task(Task t, std::string_view data);
// The metrics that apply to data of `task`, in registry order.
std::vector<std::string> metrics_for(std::string_view task);

// The signature as users write it, rendered from the arguments:
// "sgd(lr, momentum: 0, nesterov: false, weight_decay: 0)"; a positional
// argument that may be left out (past min_args) ends in `?`:
// "attention(q, k, v, mask?, causal: false)".
std::string signature(const Builtin& b);
// docs/stdlib.md, generated (tests keep the committed file in sync).
std::string markdown();

// The numeric options of a tune block (trials, parallel, timeout, cv and the
// sampler options), read by the checker (bounds of literals) and by the
// runtime's study plan (defaults, bounds). `options` of the stop_early(...)
// call of a train block likewise.
std::span<const Arg> tune_options();
std::span<const Arg> stop_early_options();
// The option `name` of `options`; nullptr if it is not declared.
const Arg* find_arg(std::span<const Arg> options, std::string_view name);
// The argument `arg` of built-in `fn` (category `c`), which must be declared:
// the runtime reads only declared arguments (std::logic_error otherwise).
const Arg& declared(std::string_view fn, Category c, std::string_view arg);
const Arg& declared(std::span<const Arg> options, std::string_view name);

// Folder holding the shipped data sets and .exp preludes (stdlib/).
std::string data_dir();

}  // namespace xp::stdlib
