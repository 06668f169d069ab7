#pragma once
// Reads the named options of a tune block or a pruner call (`startup: 10`,
// `multivariate: true`, `warmup: 5`). Wrong types become diagnostics at the
// option's span; options nobody asked for are reported by `warn_unused`.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics.h"
#include "compiler/ir.h"

namespace xp::rt {

class OptionReader {
 public:
  // `what` names the owner in messages ("tune", "median").
  OptionReader(const std::vector<ir::NamedHExpr>& options, std::string what, Diagnostics& diags);

  std::optional<double> number(const std::string& name);
  // A whole number ≥ `min`; reports an error otherwise.
  std::optional<int> integer(const std::string& name, int min);
  // A number in [lo, hi]; reports an error otherwise.
  std::optional<double> number_in(const std::string& name, double lo, double hi);
  // true / false (names), or 1 / 0.
  std::optional<bool> flag(const std::string& name);
  // Positional argument `i`, if given (pruner calls such as median(5)).
  std::optional<double> positional(size_t i);

  // Warns about options never asked for (probably misspelt).
  void warn_unused(const std::vector<std::string>& also_known = {});
  bool ok() const { return ok_; }

 private:
  const ir::NamedHExpr* find(const std::string& name);
  void error(const ir::NamedHExpr& o, const std::string& msg);
  const std::vector<ir::NamedHExpr>& options_;
  std::string what_;
  Diagnostics& diags_;
  std::set<std::string> used_;
  bool ok_ = true;
};

}  // namespace xp::rt
