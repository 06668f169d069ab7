#include "runtime/tune/parzen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace xp::rt {
namespace {

constexpr double kLogSqrt2Pi = 0.91893853320467274178;
constexpr double kTiny = 1e-300;

double truncated_mass(double mu, double sigma, double lo, double hi) {
  return std::max(normal_cdf((hi - mu) / sigma) - normal_cdf((lo - mu) / sigma), kTiny);
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double log_sum_exp(const std::vector<double>& xs) {
  double m = -std::numeric_limits<double>::infinity();
  for (double x : xs) m = std::max(m, x);
  if (!std::isfinite(m)) return m;
  double s = 0;
  for (double x : xs) s += std::exp(x - m);
  return m + std::log(s);
}

std::vector<double> forgetting_weights(size_t n) {
  constexpr size_t kFlat = 25;
  std::vector<double> w(n, 1.0);
  if (n <= kFlat) return w;
  const size_t ramp = n - kFlat;
  for (size_t i = 0; i < ramp; ++i)
    w[i] = ramp == 1 ? 1.0 / static_cast<double>(n)
                     : 1.0 / static_cast<double>(n) + (1.0 - 1.0 / static_cast<double>(n)) * static_cast<double>(i) / static_cast<double>(ramp - 1);
  return w;
}

std::vector<double> improvement_weights(const std::vector<double>& values, double threshold) {
  std::vector<double> w(values.size(), 1.0);
  if (!std::isfinite(threshold)) return w;
  double largest = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) return std::vector<double>(values.size(), 1.0);
    w[i] = std::max(threshold - values[i], 0.0);
    largest = std::max(largest, w[i]);
  }
  if (!(largest > 0)) return std::vector<double>(values.size(), 1.0);
  double sum = 0;
  for (double& x : w) sum += (x = std::max(x, 1e-9 * largest));
  for (double& x : w) x *= static_cast<double>(w.size()) / sum;
  return w;
}

NumericParzen fit_numeric_parzen(const std::vector<double>& xs, const std::vector<double>& ws, double lo, double hi,
                                 double prior_weight) {
  NumericParzen p;
  p.lo = lo;
  p.hi = hi;
  const double range = hi - lo;
  // Points with the prior's centre among them, sorted, to measure neighbour gaps.
  struct Point { double x, w; bool prior; };
  std::vector<Point> pts;
  for (size_t i = 0; i < xs.size(); ++i) pts.push_back({std::clamp(xs[i], lo, hi), ws[i], false});
  pts.push_back({0.5 * (lo + hi), prior_weight, true});
  std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
  // The prior counts as a point for the clip; the outermost points take the
  // gap to their inner neighbour only, so a cluster at a bound stays narrow.
  const double n = static_cast<double>(pts.size());
  const double min_sigma = range / std::min(100.0, 1.0 + n);
  double total_w = 0;
  for (const auto& q : pts) total_w += q.w;
  for (size_t i = 0; i < pts.size(); ++i) {
    double sigma = range;
    if (!pts[i].prior) {
      const double left = i == 0 ? 0.0 : pts[i].x - pts[i - 1].x;
      const double right = i + 1 == pts.size() ? 0.0 : pts[i + 1].x - pts[i].x;
      sigma = std::clamp(std::max(left, right), min_sigma, range);
    }
    p.mu.push_back(pts[i].x);
    p.sigma.push_back(sigma);
    p.log_w.push_back(std::log(pts[i].w / total_w));
    p.log_norm.push_back(p.log_w.back() - std::log(sigma) - kLogSqrt2Pi - std::log(truncated_mass(pts[i].x, sigma, lo, hi)));
    p.log_w_mass.push_back(p.log_w.back() - std::log(truncated_mass(pts[i].x, sigma, lo, hi)));
    p.cumulative.push_back((p.cumulative.empty() ? 0.0 : p.cumulative.back()) + pts[i].w / total_w);
  }
  return p;
}

double sample_truncated_normal(double mu, double sigma, double lo, double hi, std::mt19937_64& rng) {
  double a = (lo - mu) / sigma, b = (hi - mu) / sigma;
  const double mass = normal_cdf(b) - normal_cdf(a);
  if (mass > 0.05) {
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int tries = 0; tries < 200; ++tries) {
      const double z = normal(rng);
      if (z >= a && z <= b) return std::clamp(mu + sigma * z, lo, hi);
    }
  }
  // Inverse CDF on the lower tail, where Φ keeps its precision: mirror an
  // interval above the mean.
  const bool mirrored = a > 0;
  if (mirrored) {
    std::swap(a, b);
    a = -a;
    b = -b;
  }
  const double pa = normal_cdf(a), pb = normal_cdf(b);
  const double u = pa + std::uniform_real_distribution<double>(0.0, 1.0)(rng) * (pb - pa);
  double left = a, right = b;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (left + right);
    (normal_cdf(mid) < u ? left : right) = mid;
  }
  const double z = 0.5 * (left + right);
  return std::clamp(mu + sigma * (mirrored ? -z : z), lo, hi);
}

double NumericParzen::sample(std::mt19937_64& rng) const {
  const double u = std::uniform_real_distribution<double>(0.0, cumulative.back())(rng);
  const size_t j = std::min<size_t>(static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()),
                                    cumulative.size() - 1);
  return sample_truncated_normal(mu[j], sigma[j], lo, hi, rng);
}

double NumericParzen::log_pdf(double x) const {
  // log Σ exp(term_j) in two passes, without allocating: this is the hot loop of TPE.
  double m = -std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < mu.size(); ++j) {
    const double z = (x - mu[j]) / sigma[j];
    m = std::max(m, log_norm[j] - 0.5 * z * z);
  }
  if (!std::isfinite(m)) return m;
  double s = 0;
  for (size_t j = 0; j < mu.size(); ++j) {
    const double z = (x - mu[j]) / sigma[j];
    s += std::exp(log_norm[j] - 0.5 * z * z - m);
  }
  return m + std::log(s);
}

double NumericParzen::log_mass(double a, double b) const {
  a = std::max(a, lo);
  b = std::min(b, hi);
  std::vector<double> terms(mu.size());
  for (size_t j = 0; j < mu.size(); ++j) {
    const double m = std::max(normal_cdf((b - mu[j]) / sigma[j]) - normal_cdf((a - mu[j]) / sigma[j]), kTiny);
    terms[j] = log_w_mass[j] + std::log(m);
  }
  return log_sum_exp(terms);
}

CategoricalParzen fit_categorical_parzen(const std::vector<size_t>& xs, const std::vector<double>& ws, size_t k,
                                         double prior_weight) {
  const double kk = static_cast<double>(k);
  const double a = prior_weight / (static_cast<double>(xs.size()) + 1.0);
  std::vector<double> mass(k, prior_weight / kk);
  for (size_t i = 0; i < xs.size(); ++i) {
    if (xs[i] >= k) continue;
    for (size_t c = 0; c < k; ++c) mass[c] += ws[i] * ((c == xs[i] ? 1.0 : 0.0) + a) / (1.0 + kk * a);
  }
  const double total = std::accumulate(mass.begin(), mass.end(), 0.0);
  CategoricalParzen c;
  for (double m : mass) c.log_p.push_back(std::log(m / total));
  return c;
}

size_t CategoricalParzen::sample(std::mt19937_64& rng) const {
  std::vector<double> w(log_p.size());
  for (size_t i = 0; i < w.size(); ++i) w[i] = std::exp(log_p[i]);
  std::discrete_distribution<size_t> pick(w.begin(), w.end());
  return pick(rng);
}

}  // namespace xp::rt
