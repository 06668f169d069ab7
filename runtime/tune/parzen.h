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

// A distribution over k choices: (prior_weight / k + Σ w_i [x_i = c]) normalized.
struct CategoricalParzen {
  std::vector<double> log_p;
  size_t sample(std::mt19937_64& rng) const;
};
CategoricalParzen fit_categorical_parzen(const std::vector<size_t>& xs, const std::vector<double>& ws, size_t k,
                                         double prior_weight);

// Observation weights by age (oldest first): all 1 up to 25 observations,
// then the older ones ramp linearly from 1/n up to 1 ("linear forgetting") so
// the newest 25 dominate a long study.
std::vector<double> forgetting_weights(size_t n);

// Standard normal helpers.
double normal_cdf(double z);
double log_sum_exp(const std::vector<double>& xs);

}  // namespace xp::rt
