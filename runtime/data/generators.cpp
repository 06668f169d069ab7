#include "runtime/data/generators.h"

#include <array>
#include <cassert>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "runtime/core/data_rng.h"

namespace xp::rt {

namespace {

constexpr double kPi = std::numbers::pi;


struct Options {
  const std::map<std::string, double>& values;
  std::span<const GeneratorOption> spec;
  double operator()(std::string_view name) const {
    auto it = values.find(std::string(name));
    if (it != values.end()) return it->second;
    for (const auto& o : spec)
      if (o.name == name) return o.default_value;
    assert(false && "internal error: unknown generator option; this is a bug in exp");
    return 0;
  }
  size_t count(std::string_view name) const { return static_cast<size_t>((*this)(name)); }
};

// Builds a Table from rows generated in class order, shuffling them by `rng`.
struct Builder {
  Matrix X;
  std::vector<float> y;
  size_t at = 0;
  Builder(size_t n, size_t features) : X(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(features)), y(n) {}
  float* row(float target) {
    y[at] = target;
    return X.row(static_cast<Eigen::Index>(at++)).data();
  }
  Table finish(DataRng& rng, int classes) {
    assert(at == y.size());
    std::vector<size_t> order(y.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    rng.shuffle(order);
    Table t;
    Part& p = t.all;
    p.X.resize(X.rows(), X.cols());
    p.Y.resize(X.rows(), 1);
    for (size_t i = 0; i < order.size(); ++i) {
      p.X.row(static_cast<Eigen::Index>(i)) = X.row(static_cast<Eigen::Index>(order[i]));
      p.Y(static_cast<Eigen::Index>(i), 0) = y[order[i]];
      if (classes > 0) p.labels.push_back(static_cast<int>(y[order[i]]));
    }
    Schema& s = t.schema;
    s.target = "y";
    s.task = classes > 0 ? Task::Classification : Task::Regression;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      SchemaColumn col;
      col.name = "x" + std::to_string(j + 1);
      s.features.push_back(std::move(col));
    }
    for (int c = 0; c < classes; ++c) s.class_names.push_back(std::to_string(c));
    t.info.task = s.task;
    t.info.target_name = s.target;
    t.info.feature_names = s.feature_names();
    t.info.class_names = s.class_names;
    return t;
  }
};

// Two interleaving half circles (as scikit-learn's make_moons): the outer
// (cos t, sin t) and the inner (1 − cos t, 1 − sin t − 0.5), t evenly in [0, π].
Table moons(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), outer = n / 2, inner = n - outer;
  double noise = o("noise");
  Builder b(n, 2);
  auto half = [&](size_t m, int label) {
    for (size_t i = 0; i < m; ++i) {
      double t = m > 1 ? kPi * static_cast<double>(i) / static_cast<double>(m - 1) : 0;
      double x = label == 0 ? std::cos(t) : 1 - std::cos(t);
      double y = label == 0 ? std::sin(t) : 1 - std::sin(t) - 0.5;
      float* r = b.row(static_cast<float>(label));
      r[0] = static_cast<float>(x + noise * rng.normal());
      r[1] = static_cast<float>(y + noise * rng.normal());
    }
  };
  half(outer, 0);
  half(inner, 1);
  return b.finish(rng, 2);
}

// A unit circle (class 0) around a circle of radius `factor` (class 1), angles
// evenly spaced.
Table circles(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), outer = n / 2, inner = n - outer;
  double noise = o("noise"), factor = o("factor");
  Builder b(n, 2);
  auto ring = [&](size_t m, double radius, int label) {
    for (size_t i = 0; i < m; ++i) {
      double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(m);
      float* r = b.row(static_cast<float>(label));
      r[0] = static_cast<float>(radius * std::cos(t) + noise * rng.normal());
      r[1] = static_cast<float>(radius * std::sin(t) + noise * rng.normal());
    }
  };
  ring(outer, 1.0, 0);
  ring(inner, factor, 1);
  return b.finish(rng, 2);
}

// Isotropic Gaussian clusters with centers drawn uniformly in [-10, 10]^F; the
// points are spread as evenly as possible (the first n mod centers get one more).
Table blobs(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), k = o.count("centers"), f = o.count("features");
  double sd = o("std");
  std::vector<double> centers(k * f);
  for (double& c : centers) c = rng.uniform(-10, 10);
  Builder b(n, f);
  for (size_t c = 0; c < k; ++c) {
    size_t m = n / k + (c < n % k ? 1 : 0);
    for (size_t i = 0; i < m; ++i) {
      float* r = b.row(static_cast<float>(c));
      for (size_t j = 0; j < f; ++j) r[j] = static_cast<float>(centers[c * f + j] + sd * rng.normal());
    }
  }
  return b.finish(rng, static_cast<int>(k));
}

// `arms` interleaved spirals: arm a's i-th point has radius t and angle
// 2πa/arms + 3πt for t evenly in [0.05, 1] (one and a half turns).
Table spirals(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), k = o.count("arms");
  double noise = o("noise");
  Builder b(n, 2);
  for (size_t a = 0; a < k; ++a) {
    size_t m = n / k + (a < n % k ? 1 : 0);
    for (size_t i = 0; i < m; ++i) {
      double t = 0.05 + 0.95 * (m > 1 ? static_cast<double>(i) / static_cast<double>(m - 1) : 0);
      double angle = 2 * kPi * static_cast<double>(a) / static_cast<double>(k) + 3 * kPi * t;
      float* r = b.row(static_cast<float>(a));
      r[0] = static_cast<float>(t * std::cos(angle) + noise * rng.normal());
      r[1] = static_cast<float>(t * std::sin(angle) + noise * rng.normal());
    }
  }
  return b.finish(rng, static_cast<int>(k));
}

// Four Gaussian clusters at the corners (±1, ±1), n/4 points each (the first
// n mod 4 corners get one more); the class is 1 when exactly one coordinate of
// the corner is positive (XOR of the signs).
Table xor_clusters(const Options& o, DataRng& rng) {
  size_t n = o.count("n");
  double noise = o("noise");
  Builder b(n, 2);
  const double corners[4][2] = {{-1, -1}, {1, 1}, {-1, 1}, {1, -1}};
  for (size_t c = 0; c < 4; ++c) {
    size_t m = n / 4 + (c < n % 4 ? 1 : 0);
    for (size_t i = 0; i < m; ++i) {
      float* r = b.row(c < 2 ? 0.0f : 1.0f);
      r[0] = static_cast<float>(corners[c][0] + noise * rng.normal());
      r[1] = static_cast<float>(corners[c][1] + noise * rng.normal());
    }
  }
  return b.finish(rng, 2);
}

// A linear model: X ~ N(0, 1)^F, coefficients ~ U(0, 100) (as scikit-learn's
// make_regression with every feature informative), y = X·w + bias + noise·N(0, 1).
Table regression(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), f = o.count("features");
  double noise = o("noise"), bias = o("bias");
  std::vector<double> w(f);
  for (double& c : w) c = rng.uniform(0, 100);
  Builder b(n, f);
  std::vector<double> x(f);
  for (size_t i = 0; i < n; ++i) {
    double y = bias;
    for (size_t j = 0; j < f; ++j) {
      x[j] = rng.normal();
      y += w[j] * x[j];
    }
    float* r = b.row(static_cast<float>(y + noise * rng.normal()));
    for (size_t j = 0; j < f; ++j) r[j] = static_cast<float>(x[j]);
  }
  return b.finish(rng, 0);
}

// Friedman #1 (Friedman 1991): X ~ U(0, 1)^F and
// y = 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 + noise·N(0, 1).
Table friedman1(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), f = o.count("features");
  double noise = o("noise");
  Builder b(n, f);
  std::vector<double> x(f);
  for (size_t i = 0; i < n; ++i) {
    for (double& v : x) v = rng.uniform();
    double y = 10 * std::sin(kPi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4];
    float* r = b.row(static_cast<float>(y + noise * rng.normal()));
    for (size_t j = 0; j < f; ++j) r[j] = static_cast<float>(x[j]);
  }
  return b.finish(rng, 0);
}

// Sequences of `length` token ids drawn uniformly from [0, vocab); class 1
// when their sum is above the middle, 2·sum > (vocab − 1)·length (a bag of
// words decides it: each id counts by its value). The features are token
// ids (Tokens::Kind::Ids, x1..x<length>), for an embedding.
Table token_sum(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), length = o.count("length"), vocab = o.count("vocab");
  std::vector<std::vector<float>> rows(n, std::vector<float>(length));
  std::vector<float> labels(n);
  for (size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (float& id : rows[i]) {
      id = static_cast<float>(std::min(vocab - 1, static_cast<size_t>(rng.uniform() * static_cast<double>(vocab))));
      sum += id;
    }
    labels[i] = 2 * sum > static_cast<double>((vocab - 1) * length) ? 1.0f : 0.0f;
  }
  Builder b(n, length);
  for (size_t i = 0; i < n; ++i) std::copy(rows[i].begin(), rows[i].end(), b.row(labels[i]));
  Table t = b.finish(rng, 2);
  t.schema.tokens.kind = Tokens::Kind::Ids;
  t.schema.tokens.vocab = static_cast<int64_t>(vocab);
  t.info.vocab = t.schema.tokens.vocab;
  return t;
}

// size × size × 1 images (shape [size, size, 1], row-major pixels) holding
// one bar of ones across the whole image at a random row (class 0,
// horizontal) or column (class 1, vertical), plus Gaussian pixel noise; the
// classes alternate so each gets half the rows.
Table bars(const Options& o, DataRng& rng) {
  size_t n = o.count("n"), size = o.count("size");
  double noise = o("noise");
  Builder b(n, size * size);
  for (size_t i = 0; i < n; ++i) {
    const bool vertical = i % 2 == 1;
    const size_t at = std::min(size - 1, static_cast<size_t>(rng.uniform() * static_cast<double>(size)));
    float* r = b.row(vertical ? 1.0f : 0.0f);
    for (size_t y = 0; y < size; ++y)
      for (size_t x = 0; x < size; ++x) {
        const bool on = vertical ? x == at : y == at;
        r[y * size + x] = static_cast<float>((on ? 1.0 : 0.0) + noise * rng.normal());
      }
  }
  Table t = b.finish(rng, 2);
  t.schema.shape = {static_cast<int64_t>(size), static_cast<int64_t>(size), 1};
  t.info.shape = t.schema.shape;
  return t;
}

struct Entry {
  std::string_view name;
  Table (*make)(const Options&, DataRng&);
};
const Entry kGenerators[] = {
    {"moons", moons},    {"circles", circles},       {"blobs", blobs},          {"spirals", spirals},
    {"xor", xor_clusters}, {"regression", regression}, {"friedman1", friedman1},
    {"token_sum", token_sum}, {"bars", bars},
};

const Entry* find(std::string_view name) {
  for (const auto& e : kGenerators)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace

std::span<const GeneratorOption> generator_options(std::string_view name) {
  return find(name) ? stdlib::generator_options(name) : std::span<const GeneratorOption>{};
}

bool is_generator(std::string_view name) { return find(name) != nullptr; }

std::vector<std::string_view> generator_names() {
  std::vector<std::string_view> out;
  for (const auto& e : kGenerators) out.push_back(e.name);
  return out;
}

Table generate(std::string_view name, const std::map<std::string, double>& values, uint64_t seed) {
  const Entry* e = find(name);
  if (!e) throw std::logic_error("internal error: unknown generator `" + std::string(name) + "`; this is a bug in exp");
  DataRng rng(seed);
  return e->make(Options{values, stdlib::generator_options(name)}, rng);
}

}  // namespace xp::rt
