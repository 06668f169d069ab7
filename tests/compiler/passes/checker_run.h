#pragma once
// Runs resolve and one later pass over a hand-built program; returns the
// diagnostic codes in order (and the diagnostics, when asked).
#include <string>
#include <vector>

#include "compiler/passes/resolve.h"

namespace xp::test {

using Codes = std::vector<std::string>;

template <class Pass>
Codes run_pass(const ast::Program& p, Pass pass, Diagnostics* out = nullptr) {
  Diagnostics d;
  Resolution r = resolve(p, d);
  pass(p, r, d);
  Codes c;
  for (const auto& x : d.all()) c.push_back(x.code);
  if (out) *out = d;
  return c;
}

}  // namespace xp::test
