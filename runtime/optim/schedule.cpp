#include "runtime/optim/schedule.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "stdlib/builtins.h"

namespace xp::rt {
namespace {
// Option `name` of schedule `c.fn`, named or positional in declaration
// order, with the registry's default and bounds.
double schedule_option(const CallArgs& c, std::string_view name) {
  const stdlib::Builtin& b = *stdlib::find(c.fn, stdlib::Category::Schedule);
  int position = 0;
  while (b.args[static_cast<size_t>(position)].name != name) ++position;
  return c.declared(stdlib::Category::Schedule, name, position);
}
}  // namespace

std::vector<std::string_view> Schedule::names() { return {"constant_lr", "step", "cosine", "warmup"}; }

Schedule Schedule::make(const std::optional<CallArgs>& call) {
  Schedule s;
  if (!call) return s;
  const CallArgs& c = *call;
  const stdlib::Builtin* b = stdlib::find(c.fn, stdlib::Category::Schedule);
  if (!b)
    throw GraphError(c.span, graph_error_codes::kUnknown, fmt::format("unknown schedule `{}`", c.fn),
                     "schedules: constant_lr, step, cosine, warmup");
  c.check(*b);
  s.kind_ = c.fn;
  if (c.fn == "step") {
    s.every_ = schedule_option(c, "every");
    s.gamma_ = schedule_option(c, "gamma");
  } else if (c.fn == "cosine") {
    s.min_ = schedule_option(c, "min");
  } else if (c.fn == "warmup") {
    s.warm_ = schedule_option(c, "epochs");
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
