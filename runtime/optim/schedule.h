#pragma once
// Learning-rate schedules, stepped once per epoch (1-based):
//   constant_lr                   η
//   step(every: 30, gamma: 0.1)   η·γ^⌊(e−1)/every⌋
//   cosine(min: 0)                min + (η − min)·(1 + cos(π(e−1)/E))/2   (E = planned epochs)
//   warmup(epochs: 5)             η·min(1, e/epochs)                      (linear ramp, then constant)
// Defaults and bounds of the options are the registry's (stdlib/builtins.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/call_args.h"

namespace xp::rt {

class Schedule {
 public:
  Schedule() = default;  // constant
  // Throws GraphError on an unknown schedule or bad arguments. nullopt: constant.
  static Schedule make(const std::optional<CallArgs>& call);
  float lr_at(float base_lr, int epoch, int total_epochs) const;
  // The schedules lr_at implements (for the registry contract test).
  static std::vector<std::string_view> names();
  const std::string& name() const { return kind_; }

 private:
  std::string kind_ = "constant_lr";
  double every_ = 30, gamma_ = 0.1, min_ = 0, warm_ = 5;
};

}  // namespace xp::rt
