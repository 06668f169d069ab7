// The registry table: every built-in with its arguments as data. Defaults and
// bounds here are the ones the runtime applies (it reads them from here), so
// a bound lives in one place.
#include "stdlib/builtins.h"

#include <array>
#include <cstdlib>

#include "stdlib/args.h"

namespace xp::stdlib {
namespace {

using C = Category;
using S = ShapeRule;
using T = ArgType;
using namespace args;

// ---- arguments ---------------------------------------------------------------------------
constexpr Arg kX[] = {pos("x")};
constexpr Arg kLeaky[] = {pos("x"), num("alpha", 0.01, -kInf, kInf, "slope for negative inputs")};
constexpr Arg kElu[] = {pos("x"), num("alpha", 1, -kInf, kInf, "value approached for very negative inputs (as −alpha)")};
constexpr Arg kReduce[] = {pos("x"), shown(num("axis", kNoDefault), "k")};
constexpr Arg kConcat[] = {pos("a"), pos("b")};
constexpr Arg kDropout[] = {pos("x"), num("rate", 0.5, 0, 1, "probability of zeroing an element", false, true)};
constexpr std::string_view kPaddingWords[] = {"valid", "same"};
constexpr Arg kDilation = integer("dilation", 1, 1, 1e6, "spacing of the filter's taps (1: adjacent)");
constexpr Arg kConv2d[] = {pos("x"), pos("filters"), integer("stride", 1, 1, 1e6, "step between windows"),
                           word("padding", kPaddingWords,
                                "valid: windows inside the image (default); same: zero-padded to ⌈size / stride⌉"),
                           kDilation};
// Sequence ops.
constexpr Arg kConv1d[] = {pos("x"), pos("filters"), integer("stride", 1, 1, 1e6, "step between windows"),
                           word("padding", kPaddingWords,
                                "valid: windows inside the sequence (default); same: zero-padded to ⌈length / stride⌉"),
                           kDilation};
constexpr Arg kSoftmax[] = {pos("x"), integer("axis", -1, -kInf, kInf, "the axis normalised (from 0; negative from the end)")};
constexpr Arg kPermute[] = {pos("x"), shown(text("axes", T::Axes, "output axis i is input axis axes[i]"), "[1, 0]")};
constexpr Arg kAttention[] = {pos("q"), pos("k"), pos("v"), pos("mask"),
                              flag("causal", false, "position i attends to positions ≤ i only")};
constexpr Arg kLayerNorm[] = {pos("x"), pos("gain"), pos("bias"),
                              open_min(num("eps", 1e-5, 0, 1), "added to the variance for stability")};
constexpr Arg kBatchNorm[] = {pos("x"), pos("gain"), pos("bias"),
                              open_min(num("momentum", 0.1, 0, 1), "how far each training batch moves the running statistics"),
                              open_min(num("eps", 1e-5, 0, 1), "added to the variance for stability")};
constexpr Arg kPool[] = {pos("x"), integer("size", 2, 1, 1e6, "window height and width"),
                         shown(integer("stride", kNoDefault, 1, 1e6, "step between windows"), "size")};
constexpr Arg kReshape[] = {pos("x"), shown(text("shape", T::Shape, "the per-example shape, as many numbers"), "[a, b]")};
constexpr std::string_view kClassWeightWords[] = {"none", "balanced"};
constexpr Arg kClassWeight = word("class_weight", kClassWeightWords,
                                  "balanced: weigh each class by n_samples / (n_classes · its count in the training part)");
constexpr Arg kGather[] = {pos("table"), pos("ids")};
constexpr Arg kMaskedMean[] = {pos("x"), pos("mask")};
constexpr Arg kLogitsY[] = {pos("logits"), pos("y"), kClassWeight};
constexpr Arg kLogitY[] = {pos("logit"), pos("y"), kClassWeight};
constexpr Arg kPredY[] = {pos("pred"), pos("y")};
constexpr Arg kHuber[] = {pos("pred"), pos("y"), num("delta", 1, 0, kInf, "where squared turns absolute", true)};
constexpr Arg kScoreY[] = {pos("score"), pos("y")};
constexpr Arg kParams[] = {pos("W1"), pos("W2")};
constexpr Arg kConstantInit[] = {pos("v", T::Value)};
constexpr Arg kNormal[] = {num("mean", 0, -kInf, kInf, "mean of the draws"), num("std", 0.01, 0, kInf, "standard deviation of the draws")};
constexpr Arg kUniformInit[] = {num("low", -0.05), num("high", 0.05)};

// Optimizers: the learning rate first, then the named options each update rule reads.
constexpr Arg kLr = open_min(pos("lr", T::Number, 0, kInf), "learning rate");
constexpr Arg kDecay = num("weight_decay", 0, 0, kInf, "L2 weight decay added to the gradient");
constexpr Arg kEps8 = open_min(num("eps", 1e-8, 0, 1), "added to the denominator for stability");
constexpr Arg kSgd[] = {kLr, open_max(num("momentum", 0, 0, 1), "momentum factor"),
                        flag("nesterov", false, "Nesterov momentum (needs momentum > 0)"), kDecay};
constexpr Arg kBeta1 = open_max(num("beta1", 0.9, 0, 1), "decay of the first-moment average");
constexpr Arg kBeta2 = open_max(num("beta2", 0.999, 0, 1), "decay of the second-moment average");
constexpr Arg kAdam[] = {kLr, kBeta1, kBeta2, kEps8, kDecay};
constexpr Arg kAdamW[] = {kLr, kBeta1, kBeta2, kEps8,
                          num("weight_decay", 0.01, 0, kInf, "decoupled weight decay (shrinks weights directly)")};
constexpr Arg kRmsprop[] = {kLr, open_max(num("rho", 0.9, 0, 1), "decay of the squared-gradient average"), kEps8,
                            open_max(num("momentum", 0, 0, 1), "momentum factor"), kDecay};
constexpr Arg kAdagrad[] = {kLr, open_min(num("eps", 1e-10, 0, 1), "added to the denominator for stability"), kDecay};

// Schedules (their options may also be given positionally, in this order).
constexpr Arg kStep[] = {integer("every", 30, 1, kInf, "epochs between decays"),
                         open_min(num("gamma", 0.1, 0, kInf), "factor applied at each decay")};
constexpr Arg kCosine[] = {num("min", 0, 0, kInf, "the rate reached at the last epoch")};
constexpr Arg kWarmup[] = {num("epochs", 5, 1, kInf, "epochs of the linear ramp")};

// Data sources.
constexpr std::string_view kTaskWords[] = {"classification", "regression"};
constexpr std::string_view kImputeWords[] = {"none", "mean", "median", "drop"};
// `shape: [8, 8, 1]`: an example's features as a tensor of that shape (runtime/data/example_form.h).
constexpr Arg kExampleShape = shown(text("shape", T::Shape, "the per-example shape of the features, row-major"), "[h, w, c]");
constexpr Arg kCsv[] = {pos("path", T::String),
                        shown(text("target", T::String, "the target column, or a list of numeric ones (a regression output each)"), "\"col\""),
                        shown(text("columns", T::Strings, "the feature columns"), "[\"a\", \"b\"]"),
                        shown(text("drop", T::Strings, "columns left out of the features (an id, a free-text note)"), "[\"id\"]"),
                        word("task", kTaskWords, "override the task inferred from the target"),
                        word("impute", kImputeWords, "how missing cells are filled (default: an error)"),
                        shown(text("sep", T::String, "the field separator: \",\" \";\" \"\\t\" (tab) or \"|\""), "\",\""),
                        kExampleShape,
                        flag("tokens", false, "every feature column holds integer token ids: an example is [T] ids"),
                        shown(text("text", T::String, "a text column split into words, each word an id of a vocabulary fitted on the training part"), "\"col\""),
                        integer("length", 32, 1, 100000, "text: ids per example (padded with 0, truncated)"),
                        shown(integer("vocab", kNoDefault, 1, 1000000, "token ids are below it (text: 10000; ids: the largest id + 1)"), "n")};
constexpr Arg kDigits[] = {kExampleShape};

constexpr double kMaxRows = 10'000'000;
constexpr Arg kN = integer("n", 200, 2, kMaxRows, "number of points");
constexpr Arg kSeed = integer("seed", 0, 0, kInf, "seed of this generator (default: from the script's seed)");
constexpr Arg kMoons[] = {kN, num("noise", 0.1, 0, 10, "standard deviation of Gaussian noise added to each coordinate"),
                          kSeed};
constexpr Arg kCircles[] = {kN, num("noise", 0.05, 0, 10, "standard deviation of Gaussian noise"),
                            num("factor", 0.5, 0.01, 0.99, "radius of the inner circle relative to the outer"), kSeed};
constexpr Arg kBlobs[] = {kN, integer("centers", 3, 2, 1000, "number of clusters (classes)"),
                          integer("features", 2, 1, 10000, "dimensions"),
                          num("std", 1, 0, 100, "standard deviation of each cluster"), kSeed};
constexpr Arg kSpirals[] = {kN, integer("arms", 2, 2, 100, "number of spiral arms (classes)"),
                            num("noise", 0.1, 0, 10, "standard deviation of Gaussian noise"), kSeed};
constexpr Arg kXor[] = {integer("n", 200, 4, kMaxRows, "number of points"),
                        num("noise", 0.1, 0, 10, "spread of each cluster around its corner"), kSeed};
constexpr Arg kRegression[] = {kN, integer("features", 5, 1, 10000, "dimensions"),
                               num("noise", 0.1, 0, 1e6, "standard deviation of Gaussian noise on the target"),
                               num("bias", 0, -1e6, 1e6, "intercept"), kSeed};
constexpr Arg kFriedman1[] = {kN, integer("features", 10, 5, 10000, "dimensions (only the first five matter)"),
                              num("noise", 0, 0, 1e6, "standard deviation of Gaussian noise on the target"), kSeed};
constexpr Arg kTokenSum[] = {kN, integer("length", 8, 1, 10000, "token ids per sequence"),
                             integer("vocab", 10, 2, 100000, "ids are drawn uniformly from 0 to vocab − 1"), kSeed};
constexpr Arg kBars[] = {kN, integer("size", 8, 2, 256, "image height and width"),
                         num("noise", 0.1, 0, 10, "standard deviation of Gaussian noise on each pixel"), kSeed};

// Search spaces and scalar math.
constexpr Arg kLowHigh[] = {pos("low", T::Value), pos("high", T::Value)};
constexpr Arg kUniformSpace[] = {pos("low", T::Value), pos("high", T::Value), shown(num("step", kNoDefault), "s")};
constexpr Arg kIntSpace[] = {pos("low", T::Value), pos("high", T::Value), num("step", 1), flag("log", false)};
constexpr Arg kChoice[] = {pos("v1", T::Value), pos("v2", T::Value)};
constexpr Arg kV[] = {pos("v", T::Value)};
constexpr Arg kAB[] = {pos("a", T::Value), pos("b", T::Value)};

// Pruners (their defaults are Optuna's).
constexpr Arg kMedian[] = {integer("warmup", 0, 0, kInf, "epochs a trial reports before it may be pruned"),
                           integer("startup", 5, 0, kInf, "trials that finish before any is pruned"),
                           integer("interval", 1, 1, kInf, "epochs between pruning checks")};
constexpr Arg kRungs[] = {integer("min", 1, 1, kInf, "epochs every trial gets"),
                          shown(integer("max", kNoDefault, 1, kInf, "the most epochs a trial gets"), "epochs"),
                          integer("eta", 3, 2, kInf, "reduction factor between rungs")};

constexpr auto L = Task::Classification;
constexpr auto R = Task::Regression;
constexpr auto B = Task::Both;

// A metric: its task and direction.
constexpr Builtin metric(std::string_view name, std::string_view doc, Task task, bool higher) {
  return Builtin{name, C::Metric, S::None, 0, 0, {}, doc, task, higher};
}
constexpr Builtin loss(std::string_view name, std::span<const Arg> a, std::string_view doc, Task task) {
  return Builtin{name, C::Loss, S::Loss, 2, 2, a, doc, task};
}
constexpr Builtin plain(std::string_view name, Category c, std::string_view doc, std::span<const Arg> a = {},
                        int min_args = 0, int max_args = 0) {
  return Builtin{name, c, S::None, min_args, max_args, a, doc};
}
// A shipped data set or a generator: the task it poses.
constexpr Builtin data(std::string_view name, Category c, std::string_view doc, Task task, std::span<const Arg> a = {}) {
  return Builtin{name, c, S::None, 0, 0, a, doc, task};
}

constexpr Builtin kBuiltins[] = {
    // activations (elementwise, differentiable)
    Builtin{"relu", C::Activation, S::Elementwise, 1, 1, kX, "max(x, 0)"},
    Builtin{"leaky_relu", C::Activation, S::Elementwise, 1, 1, kLeaky, "x if x > 0 else alpha·x"},
    Builtin{"elu", C::Activation, S::Elementwise, 1, 1, kElu, "x if x > 0 else alpha·(exp(x) − 1)"},
    Builtin{"gelu", C::Activation, S::Elementwise, 1, 1, kX, "Gaussian error linear unit (tanh approximation)"},
    Builtin{"tanh", C::Activation, S::Elementwise, 1, 1, kX, "hyperbolic tangent"},
    Builtin{"sigmoid", C::Activation, S::Elementwise, 1, 1, kX, "1 / (1 + exp(−x))"},
    Builtin{"softplus", C::Activation, S::Elementwise, 1, 1, kX, "log(1 + exp(x)), computed stably"},
    Builtin{"identity", C::Activation, S::Elementwise, 1, 1, kX, "x unchanged (useful as a choice of activation)"},
    Builtin{"exp", C::Activation, S::Elementwise, 1, 1, kX, "elementwise eˣ"},
    Builtin{"log", C::Activation, S::Elementwise, 1, 1, kX, "elementwise natural logarithm"},
    Builtin{"sqrt", C::Activation, S::Elementwise, 1, 1, kX, "elementwise square root"},
    Builtin{"abs", C::Activation, S::Elementwise, 1, 1, kX, "elementwise absolute value"},
    // other tensor ops
    Builtin{"softmax", C::Tensor, S::Rowwise, 1, 1, kSoftmax, "exp(x) normalised to sum 1 along an axis (the last by default)"},
    Builtin{"log_softmax", C::Tensor, S::Rowwise, 1, 1, kSoftmax, "log of softmax along an axis, computed stably"},
    Builtin{"sum", C::Tensor, S::Reduce, 1, 1, kReduce, "sum of all elements, or along one axis"},
    Builtin{"mean", C::Tensor, S::Reduce, 1, 1, kReduce, "mean of all elements, or along one axis"},
    Builtin{"max", C::Tensor, S::Reduce, 1, 1, kReduce, "largest element, or along one axis"},
    Builtin{"concat", C::Tensor, S::Concat, 2, -1, kConcat, "join tensors along the last axis"},
    Builtin{"dropout", C::Tensor, S::Elementwise, 1, 1, kDropout,
            "zero each element with probability rate while training (seeded); identity otherwise"},
    // image ops over per-example [h, w, c] tensors (channels last)
    Builtin{"conv2d", C::Tensor, S::Conv, 2, 2, kConv2d,
            "2-D convolution of an image [h, w, c] with filters [k, k, c, f] → [h', w', f]"},
    Builtin{"max_pool", C::Tensor, S::Pool, 1, 1, kPool, "largest value of each size × size window, per channel"},
    Builtin{"avg_pool", C::Tensor, S::Pool, 1, 1, kPool, "mean of each size × size window, per channel"},
    Builtin{"global_avg_pool", C::Tensor, S::GlobalPool, 1, 1, kX, "mean over all positions: [h, w, c] → [c]"},
    Builtin{"flatten", C::Tensor, S::Flatten, 1, 1, kX, "all axes of an example as one: [h, w, c] → [h·w·c]"},
    Builtin{"reshape", C::Tensor, S::Reshape, 1, 1, kReshape,
            "the same numbers (row-major) in another per-example shape of the same size: reshape(x, shape: [8, 8, 1])"},
    // sequence ops over per-example [t, d] tensors (and [heads, t, d])
    Builtin{"conv1d", C::Tensor, S::Conv1d, 2, 2, kConv1d,
            "1-D convolution of a sequence [t, c] with filters [k, c, f] → [t', f]"},
    Builtin{"transpose", C::Tensor, S::Transpose, 1, 1, kX, "swap the last two axes: [.., a, b] → [.., b, a]"},
    Builtin{"permute", C::Tensor, S::Permute, 1, 1, kPermute,
            "reorder the axes: permute(x, axes: [1, 0, 2]) of [a, b, c] is [b, a, c]"},
    Builtin{"attention", C::Tensor, S::Attention, 3, 4, kAttention,
            "scaled dot-product attention softmax(q·kᵀ / √d)·v; an optional mask [s] per example: 0 hides a key (padding)"},
    Builtin{"layer_norm", C::Tensor, S::LayerNorm, 3, 3, kLayerNorm,
            "normalise the last axis to mean 0, variance 1, then gain ⊙ x̂ + bias"},
    Builtin{"batch_norm", C::Tensor, S::LayerNorm, 3, 3, kBatchNorm,
            "normalise each feature (last axis) over the batch; keeps running statistics (state, not params) for evaluation"},
    // token ids (runtime/graph/ops_embedding.cpp)
    Builtin{"gather", C::Tensor, S::Gather, 2, 2, kGather,
            "the rows of a table [V, D] at integer token ids [T] → [T, D] (std.models' embedding(ids, vocab, dim))"},
    Builtin{"masked_mean", C::Tensor, S::MaskedMean, 2, 2, kMaskedMean,
            "mean over the positions (axis 0) whose mask is not 0: masked_mean(h [T, D], ids [T]) → [D] leaves out padding (id 0)"},
    // losses, each with the task it implies
    loss("cross_entropy", kLogitsY, "softmax cross-entropy from logits against class labels, mean over the batch", L),
    loss("binary_cross_entropy", kLogitY, "sigmoid cross-entropy from logits against 0/1 labels", L),
    loss("mse", kPredY, "mean squared error", R),
    loss("mae", kPredY, "mean absolute error", R),
    loss("huber", kHuber, "squared near zero, absolute beyond delta", R),
    loss("hinge", kScoreY, "max(0, 1 − y·score) with y in {0, 1} mapped to ±1", L),
    // penalties
    Builtin{"l1", C::Penalty, S::Penalty, 1, -1, kParams, "sum of absolute values of the given parameters"},
    Builtin{"l2", C::Penalty, S::Penalty, 1, -1, kParams, "sum of squares of the given parameters"},
    // initializers
    plain("zeros", C::Init, "all 0"),
    plain("ones", C::Init, "all 1"),
    plain("constant", C::Init, "all v", kConstantInit, 1, 1),
    plain("normal", C::Init, "Gaussian draws", kNormal, 0, 2),
    plain("uniform", C::Init, "uniform draws (as an initializer; as a space see Space)", kUniformInit, 0, 2),
    plain("glorot", C::Init, "Glorot/Xavier uniform: ±sqrt(6 / (fan_in + fan_out))"),
    plain("xavier", C::Init, "same as glorot"),
    plain("glorot_normal", C::Init, "Glorot/Xavier normal: std sqrt(2 / (fan_in + fan_out))"),
    plain("he", C::Init, "He/Kaiming normal: std sqrt(2 / fan_in)"),
    plain("kaiming", C::Init, "same as he"),
    plain("he_uniform", C::Init, "He/Kaiming uniform: ±sqrt(6 / fan_in)"),
    // optimizers
    plain("sgd", C::Optimizer, "stochastic gradient descent", kSgd, 1, 1),
    plain("adam", C::Optimizer, "Adam (Kingma & Ba 2015); weight_decay adds an L2 term to the gradient", kAdam, 1, 1),
    plain("adamw", C::Optimizer, "Adam with decoupled weight decay (Loshchilov & Hutter 2019)", kAdamW, 1, 1),
    plain("rmsprop", C::Optimizer, "RMSProp", kRmsprop, 1, 1),
    plain("adagrad", C::Optimizer, "Adagrad", kAdagrad, 1, 1),
    // schedules
    plain("constant_lr", C::Schedule, "the learning rate never changes"),
    plain("step", C::Schedule, "multiply the rate by gamma every `every` epochs", kStep, 0, 2),
    plain("cosine", C::Schedule, "cosine decay from lr to min over the epochs", kCosine, 0, 1),
    plain("warmup", C::Schedule, "linear warm-up from 0 to lr over the first epochs", kWarmup, 0, 1),
    // metrics, each with its task and direction
    metric("accuracy", "fraction of correct class predictions", L, true),
    metric("precision", "macro-averaged precision", L, true),
    metric("recall", "macro-averaged recall", L, true),
    metric("f1", "macro-averaged F1 score", L, true),
    metric("confusion", "confusion matrix (rows: true class, columns: predicted)", L, false),
    metric("log_loss", "mean negative log-likelihood of the true class", L, false),
    metric("auc", "area under the ROC curve; one-vs-rest macro average for more than two classes", L, true),
    metric("loss", "the training loss evaluated on the split", B, false),
    metric("mse", "mean squared error", R, false),
    metric("rmse", "root mean squared error", R, false),
    metric("mae", "mean absolute error", R, false),
    metric("r2", "coefficient of determination", R, true),
    // data
    plain("csv", C::Source, "a CSV file with a header row; path relative to the script", kCsv, 1, 1),
    data("iris", C::Dataset, "150 flowers, 4 features, 3 species (UCI)", L),
    data("wine", C::Dataset, "178 wines, 13 features, 3 classes (UCI)", L),
    data("breast_cancer", C::Dataset, "569 tumours, 30 features, malignant/benign (UCI)", L),
    data("digits", C::Dataset, "1797 8×8 images of digits, 64 features, 10 classes (UCI); shape: [8, 8, 1] for images", L, kDigits),
    data("diabetes", C::Dataset, "442 patients, 10 features, disease progression (regression)", R),
    data("moons", C::Generator, "two interleaving half circles", L, kMoons),
    data("circles", C::Generator, "a circle inside a circle", L, kCircles),
    data("blobs", C::Generator, "Gaussian clusters", L, kBlobs),
    data("spirals", C::Generator, "interleaved spirals", L, kSpirals),
    data("xor", C::Generator, "four clusters labelled by XOR of their quadrant", L, kXor),
    data("regression", C::Generator, "linear regression with Gaussian noise", R, kRegression),
    data("friedman1", C::Generator, "Friedman #1 nonlinear regression", R, kFriedman1),
    data("token_sum", C::Generator, "sequences of token ids [length], class 1 when their sum is above the middle", L, kTokenSum),
    data("bars", C::Generator, "size × size × 1 images of one horizontal (class 0) or vertical (class 1) bar", L, kBars),
    Builtin{"standardize", C::Preprocess, S::None, 0, 0, {}, "zero mean, unit variance per feature, fitted on the training part",
            Task::None, false, "standardize DATA"},
    Builtin{"minmax", C::Preprocess, S::None, 0, 0, {}, "scale each feature to [0, 1], fitted on the training part",
            Task::None, false, "minmax DATA"},
    Builtin{"onehot", C::Preprocess, S::None, 0, 0, {},
            "one-hot encode a column (categorical text columns are encoded by default)", Task::None, false,
            "onehot DATA.column"},
    // search spaces
    plain("uniform", C::Space, "a real drawn uniformly", kUniformSpace, 2, 2),
    plain("loguniform", C::Space, "a positive real drawn uniformly in log space", kLowHigh, 2, 2),
    plain("int", C::Space, "an integer in [low, high]", kIntSpace, 2, 2),
    plain("choice", C::Space, "one of the listed numbers, names or strings", kChoice, 1, -1),
    // scalar math on hypers (also usable in black-box objectives)
    plain("exp", C::Math, "eᵛ", kV, 1, 1),
    plain("log", C::Math, "natural logarithm", kV, 1, 1),
    plain("sqrt", C::Math, "square root", kV, 1, 1),
    plain("sin", C::Math, "sine", kV, 1, 1),
    plain("cos", C::Math, "cosine", kV, 1, 1),
    plain("abs", C::Math, "absolute value", kV, 1, 1),
    plain("min", C::Math, "smallest argument", kAB, 2, -1),
    plain("max", C::Math, "largest argument", kAB, 2, -1),
    plain("pi", C::Constant, "3.14159…"),
    plain("e", C::Constant, "2.71828…"),
    plain("true", C::Constant, "1, for yes/no options such as `stratify: true`"),
    plain("false", C::Constant, "0, for yes/no options such as `shuffle: false`"),
    // tuning
    plain("grid", C::Method, "every combination (continuous ranges need a step)"),
    plain("random", C::Method, "independent uniform draws"),
    plain("sobol", C::Method, "scrambled Sobol quasi-random points"),
    plain("tpe", C::Method, "tree-structured Parzen estimator (Bergstra et al. 2011)"),
    plain("hyperband", C::Method, "random search with Hyperband brackets over epochs (Li et al. 2017)"),
    plain("sha", C::Method, "random search pruned by successive halving over epochs"),
    plain("asha", C::Method, "random search with asynchronous successive halving (Li et al. 2020)"),
    plain("median", C::Pruner, "stop a trial worse than the median of earlier trials at the same epoch", kMedian),
    plain("sha", C::Pruner, "successive halving over epochs", kRungs),
    plain("hyperband", C::Pruner, "Hyperband brackets over epochs", kRungs),
    plain("asha", C::Pruner, "asynchronous successive halving", kRungs),
    plain("none", C::Pruner, "never stop a trial early"),
};

// The numeric and yes/no settings of a tune block.
constexpr Arg kTuneOptions[] = {
    integer("trials", kNoDefault, 1, kInf, "a study runs at least one trial, for example `trials = 40`"),
    open_min(num("timeout", kNoDefault, 0, kInf,
                 "a time budget in seconds, such as `timeout = 600`; leave it out for none")),
    integer("parallel", kNoDefault, 1, kInf, "`parallel = 1` runs one trial at a time; leave it out to use every core"),
    integer("cv", kNoDefault, 2, kInf, "k-fold cross-validation needs k ≥ 2 folds, for example `cv = 5`"),
    flag("refit", false, "retrain the best configuration on train + val"),
    integer("startup", 10, 0, kInf, "TPE: trials drawn at random before the model is used"),
    num("gamma", 0.2, 0.01, 0.5, "TPE: the fraction of trials in the \"good\" group, such as `gamma = 0.25`"),
    integer("candidates", 24, 1, kInf, "TPE: points drawn per proposal, the best one is proposed"),
    flag("multivariate", true, "TPE: one joint density over the continuous hypers"),
    integer("batch", 4, 1, kInf, "trials proposed before their results are known"),
    integer("count", kNoDefault, 2, kInf, "grid: points per continuous range without a step"),
    num("trial_timeout", kNoDefault, 0, kInf, "seconds one trial may take; leave it out for none"),
};

constexpr std::string_view kModeWords[] = {"min", "max"};
constexpr Arg kStopEarly[] = {
    shown(text("monitor", T::Metric, "the metric watched"), "val.loss"),
    integer("patience", 10, 0, kInf, "epochs without improvement before stopping"),
    num("min_delta", 0, 0, kInf, "the least change that counts as an improvement"),
    flag("restore_best", true, "put back the weights of the best epoch"),
    flag("restore", true, "same as restore_best"),
    word("mode", kModeWords, "min or max (default: from the monitor's direction)"),
};

}  // namespace

std::span<const Builtin> all() { return kBuiltins; }
std::span<const Arg> tune_options() { return kTuneOptions; }
std::span<const Arg> stop_early_options() { return kStopEarly; }

std::string data_dir() {
  if (const char* env = std::getenv("EXP_STDLIB")) return env;
  return EXP_STDLIB_DIR;
}

}  // namespace xp::stdlib
