#include "runtime/optim/schedule.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/graph/errors.h"

namespace xp::rt {
Schedule Schedule::make(const std::optional<CallArgs>& call) {
  Schedule s;
  if (!call) return s;
  const CallArgs& c = *call;
  s.kind_ = c.fn;
  if (c.fn == "constant_lr" || c.fn == "constant") {
    c.check({}, 0);
    s.kind_ = "constant_lr";
  } else if (c.fn == "step") {
    c.check({"every", "gamma"}, 2);
    s.every_ = c.get("every", 0, 30);
    s.gamma_ = c.get("gamma", 1, 0.1);
    if (!(s.every_ >= 1) || s.every_ != std::floor(s.every_)) c.reject(fmt::format("step `every` must be a whole number ≥ 1, got {}", s.every_));
    if (!(s.gamma_ > 0)) c.reject(fmt::format("step `gamma` must be positive, got {}", s.gamma_));
  } else if (c.fn == "cosine") {
    c.check({"min"}, 1);
    s.min_ = c.get("min", 0, 0);
    if (!(s.min_ >= 0)) c.reject(fmt::format("cosine `min` must be ≥ 0, got {}", s.min_));
  } else if (c.fn == "warmup") {
    c.check({"epochs"}, 1);
    s.warm_ = c.get("epochs", 0, 5);
    if (!(s.warm_ >= 1)) c.reject(fmt::format("warmup `epochs` must be ≥ 1, got {}", s.warm_));
  } else {
    throw GraphError(c.span, graph_error_codes::kUnknown, fmt::format("unknown schedule `{}`", c.fn),
                     "schedules: constant_lr, step, cosine, warmup");
  }
  return s;
}

float Schedule::lr_at(float base, int epoch, int total) const {
  const double e = std::max(epoch, 1);
  const double b = base;
  if (kind_ == "step") return static_cast<float>(b * std::pow(gamma_, std::floor((e - 1) / every_)));
  if (kind_ == "cosine") {
    const double T = std::max(total, 1);
    const double progress = std::min(1.0, (e - 1) / T);
    return static_cast<float>(min_ + (b - min_) * 0.5 * (1.0 + std::cos(M_PI * progress)));
  }
  if (kind_ == "warmup") return static_cast<float>(b * std::min(1.0, e / warm_));
  return base;
}

}  // namespace xp::rt
