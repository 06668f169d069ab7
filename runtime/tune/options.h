#pragma once
// Reads the named options of a tune block or a pruner call (`startup: 10`,
// `multivariate: true`, `warmup: 5`) by their registry entries, so the
// defaults and bounds are the ones `exp check` applies. Wrong types become diagnostics at the
// option's span; options nobody asked for are reported by `warn_unused`.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "stdlib/builtins.h"

namespace xp::rt {

class OptionReader {
 public:
  // `what` names the owner in messages ("tune", "median").
  OptionReader(const std::vector<ir::NamedHExpr>& options, std::string what, Diagnostics& diags);

  std::optional<double> number(const std::string& name);
  // true / false (names), or 1 / 0.
  std::optional<bool> flag(const std::string& name);
  // Option `a` (a registry entry: stdlib::tune_options() or a pruner's
  // argument), checked against its type and bounds; its default when not given
  // (nullopt when it has none, or after reporting an error).
  std::optional<double> value(const stdlib::Arg& a);

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
