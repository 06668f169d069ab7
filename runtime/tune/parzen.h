#pragma once
// Parzen estimators for TPE: weighted mixtures of truncated Gaussians over a
// bounded numeric range, and smoothed frequency tables over choices. Each
// keeps a prior component (centre of the range, as wide as the range) so a
// handful of observations never collapse the density onto a point.
#include <cstdint>
#include <random>
#include <vector>

namespace xp::rt {

// A mixture of Gaussians truncated to [lo, hi].
struct NumericParzen {
  double lo = 0, hi = 1;
  std::vector<double> mu, sigma, log_w;  // log_w: log of the normalized component weight
  std::vector<double> log_norm;          // log_w − log σ − log √(2π) − log(truncated mass), per component
  std::vector<double> cumulative;        // cumulative weights, for picking a component
  std::vector<double> log_w_mass;        // log_w − log(truncated mass), per component

  double sample(std::mt19937_64& rng) const;
  double log_pdf(double x) const;
  // log P(a ≤ X ≤ b): for integer values and steps, the mass of a value's cell.
  double log_mass(double a, double b) const;
};

// Fits the univariate estimator: observations xs (weights ws) in [lo, hi].
// Bandwidths adapt to the data (Bergstra et al. 2011): each point's sigma is
// the larger gap to its sorted neighbours (the prior's centre among them; the
// outermost points have one neighbour), clipped to
// [(hi − lo) / min(100, 1 + n + 1), hi − lo]; the prior's sigma is hi − lo.
NumericParzen fit_numeric_parzen(const std::vector<double>& xs, const std::vector<double>& ws, double lo, double hi,
                                 double prior_weight);

// A distribution over k choices: a mixture of one kernel per observation
// (weight w_i) and a uniform prior (weight prior_weight). Observation i's
// kernel puts 1 + a on its own choice and a on every other one, normalized,
// with a = prior_weight / (n + 1): with few observations each kernel is
// smooth (n = 3, k = 4: half its mass on its own choice), with many it
// sharpens. A plain frequency table made the good group's density overconfident
// when it holds 2–5 trials (measured on bench/tune's mixed function).
struct CategoricalParzen {
  std::vector<double> log_p;
  size_t sample(std::mt19937_64& rng) const;
};
CategoricalParzen fit_categorical_parzen(const std::vector<size_t>& xs, const std::vector<double>& ws, size_t k,
                                         double prior_weight);

// Observation weights by age (oldest first): all 1 up to 25 observations,
// then the older ones ramp linearly from 1/n up to 1 ("linear forgetting") so
// the newest 25 dominate a long study. TPE's bad group uses these.
std::vector<double> forgetting_weights(size_t n);

// Weights of the good group's observations by how far each one beats the
// split: w_i ∝ threshold − y_i (values to minimize; threshold = the best value
// outside the group), rescaled to mean 1 so the prior keeps the weight of one
// observation. Weighting l(x) by the improvement makes the l/g ratio track the
// expected improvement rather than the probability of improvement (Song et al.
// 2022, "A General Recipe for Likelihood-free Bayesian Optimization";
// Watanabe 2023, "Tree-structured Parzen Estimator: Understanding Its Algorithm
// Components"). An observation tied with the threshold gets a negligible
// weight (never 0, so log-densities stay finite); all 1 when no observation
// improves or a value is not finite.
std::vector<double> improvement_weights(const std::vector<double>& values, double threshold);

// Standard normal helpers.
double normal_cdf(double z);
// A draw from N(mu, sigma²) truncated to [lo, hi] (lo < hi, sigma > 0):
// rejection while the interval holds a fair share of the mass, else inverse
// CDF by bisection on the far tail, so it is exact and always in [lo, hi].
double sample_truncated_normal(double mu, double sigma, double lo, double hi, std::mt19937_64& rng);
double log_sum_exp(const std::vector<double>& xs);

}  // namespace xp::rt
