#pragma once
// First-order optimizers over the executable's flat parameter vector:
// sgd (momentum, nesterov), adam, adamw, rmsprop, adagrad. State (moments,
// accumulators) is allocated at construction for that vector, so step()
// allocates nothing and makes one vectorised pass over all parameters
// (chunk by chunk, every statement of the rule per chunk).
//
//   auto opt = make_optimizer(evaluate_call(train.optimizer, hypers), exe.params().values.size());
//   opt->step(exe.params(), schedule.lr_at(opt->base_lr(), epoch, epochs));
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/call_args.h"
#include "runtime/graph/executable.h"

namespace xp::rt {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Updates every parameter from its gradient with learning rate `lr`.
  virtual void step(ParamSet params, float lr) = 0;
  float base_lr() const { return base_lr_; }  // the call's first argument (lr)
  const std::string& name() const { return name_; }

 protected:
  Optimizer(std::string name, float base_lr) : name_(std::move(name)), base_lr_(base_lr) {}

 private:
  std::string name_;
  float base_lr_;
};

// Builds the optimizer `call` names for `param_floats` parameter values
// (ParamSet::values.size()). Arguments: lr (first positional or lr:), then
// the named options of the optimizer's registry entry (stdlib/builtins.cpp),
// whose defaults and bounds apply:
//   sgd(momentum, nesterov, weight_decay)      weight decay as an L2 gradient term
//   adam(beta1, beta2, eps, weight_decay)      likewise
//   adamw(beta1, beta2, eps, weight_decay)     decoupled weight decay (default 0.01)
//   rmsprop(rho, eps, momentum, weight_decay)
//   adagrad(eps, weight_decay)
// Throws GraphError on an unknown optimizer or argument, a missing or
// non-positive lr, or an argument out of range.
std::unique_ptr<Optimizer> make_optimizer(const CallArgs& call, size_t param_floats);
// The optimizers the runtime implements (for the registry contract test).
std::vector<std::string_view> optimizer_names();

}  // namespace xp::rt
