#pragma once
// The IR: what the compiler hands the runtime. Plain data — no ANTLR, no
// Eigen. Every node keeps the span of its origin so a runtime failure ("loss
// became NaN") can point at the line that made it.
//
//   Program ─┬─ SearchSpace   hyper domains + activation conditions
//            ├─ DataSpec[]    source, split, preprocessing
//            ├─ ModelGraph[]  SSA ops over tensors with symbolic shapes
//            ├─ TrainSpec[]   loss graph, optimizer, epochs, batch, stopping
//            ├─ TuneSpec[]    method, budget, objective, pruning, CV
//            └─ ReportSpec[]  what to show and where to save
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ir/cmp_op.h"
#include "base/diagnostics.h"

namespace xp::ir {

// ---- symbolic dimensions -----------------------------------------------------
// constant + Σ coef·symbol + Σ coef·atom, where an atom is ⌊num / den⌋ or a
// product of sizes. Symbols are data dimensions bound at train time (F, C),
// integer hypers (hidden) and a model's integer inputs (units). Linear terms
// cover what dense layers need (concat adds dimensions); the atoms are what
// images need: convolution and pooling sizes ((h − k) / s + 1) and flatten
// (h·w·c). Equality stays decidable on the normal form: two Dims are equal
// iff their constants, linear terms and atoms are (an atom whose operands
// become numbers folds to a number).
struct Dim {
  struct Atom;
  int64_t constant = 0;
  std::vector<std::pair<std::string, int64_t>> terms;  // sorted by name, no zero coefs
  std::vector<Atom> atoms;                             // sorted by text, no zero coefs

  static Dim of(int64_t n);           // defined below Atom: clang needs Atom complete to destroy a Dim
  static Dim sym(std::string name);
  // ⌊num / den⌋ (rounding toward −∞), folded when both are numbers.
  static Dim floor_div(const Dim& num, const Dim& den);
  // a · b, folded when either is a number.
  static Dim product(const Dim& a, const Dim& b);
  bool is_const() const { return terms.empty() && atoms.empty(); }
  // A lone symbol with coefficient 1 ("F"): its name; "" otherwise.
  std::string lone_symbol() const;
  Dim operator+(const Dim& o) const;
  Dim scaled(int64_t k) const;
  bool operator==(const Dim& o) const;
  bool operator!=(const Dim& o) const { return !(*this == o); }
  // Substitutes symbols; returns nullopt if one is unbound (or a divisor is not positive).
  std::optional<int64_t> eval(const std::function<std::optional<int64_t>(const std::string&)>& lookup) const;
  Dim substitute(const std::function<std::optional<Dim>(const std::string&)>& lookup) const;
  // Every symbol, inside atoms too, sorted and unique.
  std::vector<std::string> symbols() const;
  std::string str() const;  // "F", "hidden", "2*h + 3", "16", "(H - k) / s + 1"
  // The text with each symbol written as its value (for "(8 - 7) / 2 + 1 = 1").
  std::string str_at(const std::map<std::string, int64_t>& values) const;
};
struct Dim::Atom {
  enum class Kind { FloorDiv, Product } kind = Kind::FloorDiv;
  std::vector<Dim> operands;  // FloorDiv: {num, den}; Product: the factors, sorted by text
  int64_t coef = 1;
  std::string str() const;  // "(H - k) / s", "h*w"
};
inline Dim Dim::of(int64_t n) { Dim d; d.constant = n; return d; }
inline Dim Dim::sym(std::string name) { Dim d; d.terms.emplace_back(std::move(name), 1); return d; }
using Shape = std::vector<Dim>;  // per example: the runtime adds the batch dimension
std::string shape_str(const Shape& s);  // "[F, hidden]"

// ---- hyper values and hyper expressions -----------------------------------------
struct Value {
  enum class Kind { Number, Name, String } kind = Kind::Number;
  double number = 0;
  bool is_int = false;   // a Number written without '.' or 'e' (16), or an int() draw
  std::string text;      // Name (relu, sgd) or String contents
  static Value num(double v, bool is_int = false) { Value x; x.number = v; x.is_int = is_int; return x; }
  static Value name(std::string s) { Value x; x.kind = Kind::Name; x.text = std::move(s); return x; }
  static Value str(std::string s) { Value x; x.kind = Kind::String; x.text = std::move(s); return x; }
  bool operator==(const Value& o) const;
  std::string str() const;  // 0.001, 16, relu, "text"
};

// The active hypers of one trial. An inactive hyper (its condition false) is
// absent, not present with a dummy value.
using Assignment = std::map<std::string, Value>;

// A scalar expression over hypers and constants: spec fields (`epochs = epochs`,
// `adam(lr)`) and the black-box objective. Pure; evaluated without Eigen.
struct HExpr {
  enum class Kind { Const, Hyper, Name, String, Neg, Add, Sub, Mul, Div, Pow, Call, Cmp, And, Or, Not } kind = Kind::Const;
  double value = 0;              // Const
  bool is_int = false;           // Const written as an integer
  std::string name;              // Hyper / Name / String / Call (fn)
  CmpOp cmp = CmpOp::Eq;         // Cmp
  std::vector<HExpr> args;       // operands; Call: positional args (scalar math: exp, log, sqrt, sin, cos, abs, min, max)
  Span span;

  static HExpr constant(double v, bool is_int = false) { HExpr e; e.value = v; e.is_int = is_int; return e; }
  static HExpr hyper(std::string n) { HExpr e; e.kind = Kind::Hyper; e.name = std::move(n); return e; }
  bool uses_hyper(const std::string& n) const;
  void collect_hypers(std::vector<std::string>& out) const;
};
// Evaluates `e` under `a`. Unknown or inactive hypers → nullopt (the caller
// decides: an optional named argument is dropped, a required one is a bug).
std::optional<Value> eval(const HExpr& e, const Assignment& a);
std::string to_string(const HExpr& e);

struct NamedHExpr { std::string name; HExpr value; Span span; };  // name empty: positional

// A call of a built-in whose arguments are hyper expressions: optimizers,
// schedules, initializers, pruners. `fn` is the built-in's name, or empty
// when a hyper picks it (`opt(lr)` with `hyper opt ~ choice(sgd, adam)`).
struct CallSpec {
  std::string fn;
  std::string fn_hyper;
  std::vector<NamedHExpr> args;
  Span span;
  // The built-in's name under `a` (fn, or the hyper's chosen name).
  std::string resolve(const Assignment& a) const;
};

// ---- search space -----------------------------------------------------------------
struct Condition {
  std::string hyper;        // opt
  CmpOp op = CmpOp::Eq;
  Value value;              // sgd
  Span span;
  std::string str() const;  // "opt == sgd"
};
struct HyperDomain {
  enum class Kind { Fixed, Uniform, LogUniform, Int, Choice } kind = Kind::Fixed;
  std::string name;
  double low = 0, high = 0;
  double step = 0;          // Int / Uniform with a step; 0 = none
  bool log = false;         // Int with log: true (LogUniform is log by kind)
  std::vector<Value> choices;
  Value fixed;
  std::vector<Condition> when;  // all must hold for the hyper to be active
  std::string scope;            // model name when declared inside a model
  Span span;
  Span value_span;              // the space or value as written (`loguniform(1e-4, 1e-1)`)
  bool is_active(const Assignment& a) const;
  std::string when_str() const;  // "opt == sgd and depth > 2"; "" when unconditional
};
// "~ int(4, 64, step: 4) if opt == sgd", "= 200": the domain as a script writes it.
std::string to_string(const HyperDomain& h);
// Grid search lists at most this many points: the checker refuses a larger
// grid (compiler/passes/space.cpp) and so does the grid sampler, which
// also stops listing one hyper's values at the limit.
inline constexpr size_t kMaxGridPoints = 1'000'000;
struct SearchSpace {
  std::vector<HyperDomain> hypers;  // in declaration order; conditions refer only backwards
  const HyperDomain* find(const std::string& name) const;
  bool searched() const;            // any non-fixed hyper
  std::string canonical() const;    // stable text for hashing and diffs
  uint64_t hash() const;            // FNV-1a of canonical()
};

// ---- data ----------------------------------------------------------------------------------
struct SplitSpec {
  double train = 0.6, val = 0.2, test = 0.2;
  bool stratify = false;
  bool shuffle = true;
  int folds = 0;            // k-fold over the training part for `cv`; 0 = none
  Span span;
};
struct PreprocessSpec { std::string op; std::string column; Span span; };  // standardize | minmax | onehot(column)
struct DataSpec {
  enum class Source { Csv, Dataset, Generator } source = Source::Csv;
  std::string name;               // iris
  std::string path;               // Csv: absolute path, resolved against the script's folder
  Span path_span;                 // Csv: the path's string in the script (for "cannot be read")
  std::string dataset;            // Dataset: iris / wine / ...; Generator: moons / blobs / ...
  std::vector<NamedHExpr> options;// target:, task:, n:, noise:, seed:, impute:, columns: ...
  std::vector<std::string> columns; // `columns: [...]` when given
  std::string target;             // target column (Csv / Dataset); several: the first
  std::vector<std::string> targets; // `target: ["a", "b"]`: several (regression) targets; else empty
  SplitSpec split;
  std::vector<PreprocessSpec> preprocess;
  Span span;
};

// ---- model graphs ----------------------------------------------------------------------------
// How deep models may call models (a root model calling b calling c: 3).
// The checker refuses deeper chains (E0317) and instantiation, which inlines
// one level per call, stops there too; real networks nest a few levels, and
// the limit keeps both far from the end of the stack.
inline constexpr int kMaxModelDepth = 64;

enum class OpKind : uint8_t {
  Input,      // index: input number; name: input name (x)
  Target,     // y (train loss graphs only)
  Param,      // index: param number in the owning model; name: param name
  Hyper,      // name: a numeric hyper, a scalar constant once instantiated
  Const,      // value: scalar constant
  Add, Sub, Mul, Div, Pow, Neg, MatMul,  // broadcasting arithmetic (args: 1 or 2)
  Builtin,    // name: stdlib built-in (relu, softmax, sum, cross_entropy, l2, concat, dropout...)
              // or name empty and fn_hyper set when a hyper picks it (act ~ choice(relu, tanh))
  CallModel,  // name: callee model; args: its tensor inputs; dim_args: its int inputs; site: call-site name
};
struct Op {
  OpKind kind = OpKind::Const;
  std::string name;
  std::string fn_hyper;
  std::vector<int> args;                 // operand op indices (earlier ops only: SSA, topological)
  std::vector<NamedHExpr> attrs;         // named arguments of built-ins (axis:, rate:, alpha:)
  std::vector<Dim> dim_args;             // CallModel: values of the callee's int inputs, in order
  std::string site;                      // CallModel: "block1" → params named mlp.block1.W; "" = shares the root model's params
  int index = -1;
  double value = 0;
  Shape shape;                           // per example
  bool batched = false;                  // has the leading batch dimension at run time
  Span span;
};
struct Graph {
  std::vector<Op> ops;
  int output = -1;
  int add(Op op) { ops.push_back(std::move(op)); return static_cast<int>(ops.size() - 1); }
};
struct ModelInputSpec { std::string name; bool is_int = false; Shape shape; Span span; };
struct ParamSpec {
  std::string name;          // W1
  Shape shape;               // [F, hidden]
  CallSpec init;             // glorot / zeros / normal(std: 0.01) ...
  Span span;
};
struct ModelGraph {
  std::string name;
  std::vector<ModelInputSpec> inputs;
  Shape result;               // declared '-> [C]' (empty if not declared)
  std::vector<ParamSpec> params;
  Graph body;                 // Input / Param / Hyper / ... ops; body.output is the return value
  std::vector<std::string> free_dims;  // symbols bound by data at train time (F, C)
  Span span;
};

// ---- train / tune / report ------------------------------------------------------------------
struct EarlyStop {
  bool enabled = false;
  std::string monitor = "val.loss";
  bool maximize = false;       // inferred from the monitor (accuracy ↑, loss ↓) unless `mode:` is given
  int patience = 10;
  double min_delta = 0;
  bool restore_best = true;
  Span span;
};
// What a train block without `optimizer =` uses: adam(0.001), the
// learning rate Adam's authors recommend and most tools default to.
inline CallSpec default_optimizer() {
  CallSpec c;
  c.fn = "adam";
  c.args.push_back({"", HExpr::constant(0.001), {}});
  return c;
}

struct TrainSpec {
  std::string model;
  std::string data;
  Graph loss;                  // over Input x, Target y, CallModel(model), Param (root params), Hyper
  CallSpec optimizer = default_optimizer();  // adam(lr) / opt(lr, momentum: momentum)
  HExpr epochs = HExpr::constant(10, true);
  HExpr batch = HExpr::constant(32, true);
  std::optional<CallSpec> schedule;   // constant | step | cosine | warmup
  std::optional<HExpr> clip;          // gradient clipping by global norm
  EarlyStop stop;
  std::vector<std::string> metrics;   // extra metrics reported per epoch
  // How the model's free dims are bound by the data: "features", "classes", "targets".
  std::map<std::string, std::string> dim_bindings;
  Span span;
};
struct TuneSpec {
  std::string model;              // empty: black-box tuning of `objective`
  std::string method = "tpe";     // grid | random | sobol | tpe | hyperband | asha
  int trials = 20;
  double timeout_seconds = 0;     // 0 = none
  bool maximize = true;
  std::string metric = "val.loss";// val.<m> | cv.<m>
  std::optional<HExpr> objective; // black box
  int cv_folds = 0;
  Span cv_span;                   // `cv = K`'s value, else a `cv.*` objective's: where the folds were asked for
  int parallel = 0;               // 0 = the machine's cores
  std::optional<CallSpec> prune;  // median(warmup: 10) | sha | hyperband | asha | none
  bool refit_on_train_val = false;
  std::vector<NamedHExpr> options;// anything else the sampler takes (startup:, multivariate:, grid count:)
  Span span;
  Span method_span;               // `grid` in `method = grid`; invalid when the default is used
};
struct ReportSpec {
  std::string model;
  bool hypers = false;
  bool params = false;
  std::vector<std::string> test_metrics;  // accuracy, f1, confusion, ...
  std::string save_path;                  // absolute, resolved against the script's folder; "" = none
  std::string save_text;                  // the path as written (relative or absolute: the rules differ)
  Span save_span;                         // where it is written
  Span span;
};
struct PrintSpec { HExpr value; std::string text; Span span; };
// `evaluate mlp on wine2` / `evaluate mlp on iris.val`: after `train mlp`, the
// trained model is scored on that data (docs/report.md, "evaluations").
struct EvaluateSpec {
  std::string model;
  std::string data;   // a data set; "" = the one the model is trained on
  std::string part;   // train | val | test; "" = every row (the training data set: its test part)
  Span span;
};

struct Program {
  std::string script_path;     // absolute
  std::string script_dir;      // relative paths resolve here
  std::optional<uint64_t> seed;
  SearchSpace space;
  std::vector<DataSpec> data;
  std::vector<ModelGraph> models;
  std::vector<TrainSpec> trains;
  std::vector<TuneSpec> tunes;
  std::vector<ReportSpec> reports;
  std::vector<PrintSpec> prints;
  std::vector<EvaluateSpec> evaluations;

  const ModelGraph* find_model(const std::string& n) const;
  const DataSpec* find_data(const std::string& n) const;
  const TrainSpec* find_train(const std::string& model) const;
};

// Readable text of the whole program (exp check --dump-ir); stable for goldens.
std::string dump(const Program& p);

}  // namespace xp::ir
