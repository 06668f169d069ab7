#pragma once
// A built-in call with its arguments evaluated to numbers: what
// initializers, optimizers and schedules are made from. Named arguments
// whose hyper is inactive in the trial are dropped (the built-in's default
// applies), so `opt(lr, momentum: momentum)` serves both sgd and adam.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "stdlib/builtins.h"

namespace xp::rt {

struct CallArgs {
  std::string fn;                                      // resolved built-in name ("adam")
  std::vector<std::pair<std::string, double>> args;    // positional ones have an empty name
  Span span;

  // The argument named `name`, else the positional one at `position`
  // (-1: none), else nullopt.
  std::optional<double> find(std::string_view name, int position = -1) const;
  double get(std::string_view name, int position, double fallback) const;
  // Throws GraphError when an argument is not in `allowed` or there are
  // more than `max_positional` positional ones.
  void check(std::initializer_list<std::string_view> allowed, int max_positional) const;
  // The same against a built-in's registry entry: its argument names and positional count.
  void check(const stdlib::Builtin& b) const;
  // Throws GraphError (an invalid argument) at this call: how initializers,
  // optimizers and schedules reject a value out of range.
  [[noreturn]] void reject(const std::string& message, const std::string& help = {}) const;
  // Argument `name` of this call's built-in in `category`: its value (by name,
  // or positionally at `position`; -1: by name only), else the registry's
  // default; a value outside the registry's bounds is rejected here, so an
  // optimizer or a schedule never holds a bound of its own.
  double declared(stdlib::Category category, std::string_view name, int position = -1) const;

 private:
  void check_names(const std::vector<std::string_view>& allowed, int max_positional) const;
};

// Evaluates `call` under the trial's hypers. `true`/`false` names count as
// 1/0. Throws GraphError when a positional argument or the hyper choosing
// the function is inactive, or an argument is not a number.
CallArgs evaluate_call(const ir::CallSpec& call, const ir::Assignment& hypers);

}  // namespace xp::rt
