#include "runtime/optim/clip.h"

#include <cmath>

namespace xp::rt {

float clip_by_global_norm(ParamSet p, float max_norm) {
  Eigen::Map<Eigen::ArrayXf> g(p.grads.data(), static_cast<Eigen::Index>(p.grads.size()));
  const float norm = std::sqrt(static_cast<float>(g.matrix().cast<double>().squaredNorm()));
  if (max_norm > 0 && norm > max_norm) g *= max_norm / norm;
  return norm;
}

}  // namespace xp::rt
