// The optimizers. Each update rule is written as array expressions over the
// flat parameter vector, one L1-sized chunk at a time: every statement of a
// rule runs on a chunk while it is in cache, so a step is one pass over
// memory instead of one per statement (Adam's three statements over four
// vectors were three passes: bench/README.md). Per element nothing changes;
// the comments give the rule per element.
#include "runtime/optim/optimizer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "stdlib/builtins.h"

namespace xp::rt {
namespace {

using Array = Eigen::Array<float, Eigen::Dynamic, 1>;
using ArrayMap = Eigen::Map<Eigen::Array<float, Eigen::Dynamic, 1>>;

// 1024 floats per vector: Adam's four vectors are 16 KB, within any L1.
// A multiple of every SIMD width, so each chunk but the last is whole packets.
constexpr size_t kChunk = 1024;

// f(offset, count) for consecutive chunks covering [0, n).
template <class F>
void for_chunks(size_t n, F&& f) {
  for (size_t at = 0; at < n; at += kChunk) f(at, std::min(kChunk, n - at));
}
// The chunk [at, at + count) of a flat vector as an array.
ArrayMap chunk_of(std::span<float> s, size_t at, size_t count) {
  return ArrayMap(s.data() + at, static_cast<Eigen::Index>(count));
}
ArrayMap chunk_of(Array& a, size_t at, size_t count) { return ArrayMap(a.data() + at, static_cast<Eigen::Index>(count)); }

// Argument `name` of the optimizer (by name only: its one positional
// argument is lr), with the registry's default and bounds.
float optimizer_option(const CallArgs& c, std::string_view name) {
  return static_cast<float>(c.declared(stdlib::Category::Optimizer, name));
}

// sgd: g ← ∇ + λw; v ← μv + g; w ← w − η·(nesterov ? g + μv : v)   (μ = 0: w ← w − ηg)
class Sgd final : public Optimizer {
 public:
  Sgd(const CallArgs& c, float lr, size_t n)
      : Optimizer("sgd", lr),
        momentum_(optimizer_option(c, "momentum")),
        decay_(optimizer_option(c, "weight_decay")),
        nesterov_(optimizer_option(c, "nesterov") != 0),
        velocity_(Array::Zero(momentum_ > 0 ? static_cast<Eigen::Index>(n) : 0)) {
    if (nesterov_ && momentum_ <= 0) c.reject("nesterov needs a momentum above 0", "write sgd(lr, momentum: 0.9, nesterov: true)");
  }
  void step(ParamSet p, float lr) override {
    for_chunks(p.values.size(), [&](size_t at, size_t n) {
      ArrayMap w = chunk_of(p.values, at, n), g = chunk_of(p.grads, at, n);
      if (decay_ > 0) g += decay_ * w;
      if (momentum_ <= 0) {
        w -= lr * g;
        return;
      }
      ArrayMap v = chunk_of(velocity_, at, n);
      v = momentum_ * v + g;
      if (nesterov_) w -= lr * (g + momentum_ * v);
      else w -= lr * v;
    });
  }

 private:
  float momentum_, decay_;
  bool nesterov_;
  Array velocity_;
};

// adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
// adamw additionally decays first: w ← w − ηλw (decoupled); adam's λ adds λw to g.
class Adam final : public Optimizer {
 public:
  Adam(const CallArgs& c, float lr, size_t n, bool decoupled)
      : Optimizer(decoupled ? "adamw" : "adam", lr),
        beta1_(optimizer_option(c, "beta1")),
        beta2_(optimizer_option(c, "beta2")),
        eps_(optimizer_option(c, "eps")),
        decay_(optimizer_option(c, "weight_decay")),
        decoupled_(decoupled),
        m_(Array::Zero(static_cast<Eigen::Index>(n))),
        v_(Array::Zero(static_cast<Eigen::Index>(n))) {}
  void step(ParamSet p, float lr) override {
    ++t_;
    const double bc1 = 1.0 - std::pow(static_cast<double>(beta1_), t_);
    const double bc2 = 1.0 - std::pow(static_cast<double>(beta2_), t_);
    const auto step_size = static_cast<float>(lr / bc1);
    const auto inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(bc2));
    for_chunks(p.values.size(), [&](size_t at, size_t n) {
      ArrayMap w = chunk_of(p.values, at, n), g = chunk_of(p.grads, at, n), m = chunk_of(m_, at, n), v = chunk_of(v_, at, n);
      if (decay_ > 0) {
        if (decoupled_) w *= 1.f - lr * decay_;
        else g += decay_ * w;
      }
      m = beta1_ * m + (1.f - beta1_) * g;
      v = beta2_ * v + (1.f - beta2_) * g.square();
      w -= step_size * m / (v.sqrt() * inv_sqrt_bc2 + eps_);
    });
  }

 private:
  float beta1_, beta2_, eps_, decay_;
  bool decoupled_;
  int64_t t_ = 0;
  Array m_, v_;
};

// rmsprop: v ← ρv + (1−ρ)g²; u = g/(√v + ε); with momentum b ← μb + u, w ← w − ηb; else w ← w − ηu
class RmsProp final : public Optimizer {
 public:
  RmsProp(const CallArgs& c, float lr, size_t n)
      : Optimizer("rmsprop", lr),
        rho_(optimizer_option(c, "rho")),
        eps_(optimizer_option(c, "eps")),
        momentum_(optimizer_option(c, "momentum")),
        decay_(optimizer_option(c, "weight_decay")),
        v_(Array::Zero(static_cast<Eigen::Index>(n))),
        buf_(Array::Zero(momentum_ > 0 ? static_cast<Eigen::Index>(n) : 0)) {}
  void step(ParamSet p, float lr) override {
    for_chunks(p.values.size(), [&](size_t at, size_t n) {
      ArrayMap w = chunk_of(p.values, at, n), g = chunk_of(p.grads, at, n), v = chunk_of(v_, at, n);
      if (decay_ > 0) g += decay_ * w;
      v = rho_ * v + (1.f - rho_) * g.square();
      if (momentum_ > 0) {
        ArrayMap b = chunk_of(buf_, at, n);
        b = momentum_ * b + g / (v.sqrt() + eps_);
        w -= lr * b;
      } else {
        w -= lr * g / (v.sqrt() + eps_);
      }
    });
  }

 private:
  float rho_, eps_, momentum_, decay_;
  Array v_, buf_;
};

// adagrad: s ← s + g²; w ← w − η·g/(√s + ε)
class Adagrad final : public Optimizer {
 public:
  Adagrad(const CallArgs& c, float lr, size_t n)
      : Optimizer("adagrad", lr),
        eps_(optimizer_option(c, "eps")),
        decay_(optimizer_option(c, "weight_decay")),
        sum_(Array::Zero(static_cast<Eigen::Index>(n))) {}
  void step(ParamSet p, float lr) override {
    for_chunks(p.values.size(), [&](size_t at, size_t n) {
      ArrayMap w = chunk_of(p.values, at, n), g = chunk_of(p.grads, at, n), s = chunk_of(sum_, at, n);
      if (decay_ > 0) g += decay_ * w;
      s += g.square();
      w -= lr * g / (s.sqrt() + eps_);
    });
  }

 private:
  float eps_, decay_;
  Array sum_;
};

using Factory = std::unique_ptr<Optimizer> (*)(const CallArgs&, float, size_t);
// The update rules the runtime implements, by registry name (the registry
// contract test compares these names with stdlib/builtins.cpp).
const std::vector<std::pair<std::string_view, Factory>>& optimizer_table() {
  static const std::vector<std::pair<std::string_view, Factory>> table = {
      {"sgd", [](const CallArgs& c, float lr, size_t n) -> std::unique_ptr<Optimizer> { return std::make_unique<Sgd>(c, lr, n); }},
      {"adam", [](const CallArgs& c, float lr, size_t n) -> std::unique_ptr<Optimizer> { return std::make_unique<Adam>(c, lr, n, false); }},
      {"adamw", [](const CallArgs& c, float lr, size_t n) -> std::unique_ptr<Optimizer> { return std::make_unique<Adam>(c, lr, n, true); }},
      {"rmsprop", [](const CallArgs& c, float lr, size_t n) -> std::unique_ptr<Optimizer> { return std::make_unique<RmsProp>(c, lr, n); }},
      {"adagrad", [](const CallArgs& c, float lr, size_t n) -> std::unique_ptr<Optimizer> { return std::make_unique<Adagrad>(c, lr, n); }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const CallArgs& c, size_t n) {
  const std::string& f = c.fn;
  const stdlib::Builtin* b = stdlib::find(f, stdlib::Category::Optimizer);
  if (!b) throw GraphError(c.span, graph_error_codes::kUnknown, fmt::format("unknown optimizer `{}`", f),
                           "optimizers: sgd, adam, adamw, rmsprop, adagrad");
  c.check(*b);
  const stdlib::Arg& lr_arg = stdlib::declared(f, stdlib::Category::Optimizer, "lr");
  const std::optional<double> lr = c.find("lr", 0);
  if (!lr) c.reject(fmt::format("`{}` needs a learning rate", f), fmt::format("write {}(0.001)", f));
  if (!lr_arg.accepts(*lr)) c.reject(fmt::format("learning rate must be positive, got {}", *lr));
  const auto rate = static_cast<float>(*lr);
  for (const auto& [name, make] : optimizer_table())
    if (name == f) return make(c, rate, n);
  throw GraphError(c.span, graph_error_codes::kUnknown, fmt::format("optimizer `{}` has no update rule", f));
}

std::vector<std::string_view> optimizer_names() {
  std::vector<std::string_view> out;
  for (const auto& [name, make] : optimizer_table()) out.push_back(name);
  return out;
}

}  // namespace xp::rt
