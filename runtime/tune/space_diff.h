#pragma once
// What a study remembers of its search space, and how a changed space is
// judged on resume. The store keeps a structured copy (JSON) next to the
// canonical text, so a diff can say exactly what changed.
//
// Compatible (old trials stay valid and are kept): a choice value added, a
// range widened (same kind, scale and step), a new hyper that is conditional,
// a condition or scope spelled differently but equal. Incompatible (old trials
// could not have come from the new space): a hyper removed, a new
// unconditional searched or fixed hyper, a kind / scale / step changed, a
// range narrowed or shifted, a choice removed or reordered, a fixed value or a
// condition changed.
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace xp::rt {

std::string space_to_json(const ir::SearchSpace& space);
// nullopt if the text is not a space written by space_to_json.
std::optional<ir::SearchSpace> space_from_json(const std::string& json);

struct SpaceDiff {
  bool same = true;
  bool compatible = true;
  std::vector<std::string> lines;  // one per change: "  lr: range [1e-4, 0.1] → [1e-3, 0.1] (narrowed)"
};
SpaceDiff diff_spaces(const ir::SearchSpace& before, const ir::SearchSpace& after);

// A domain kind as the stored space and report.json spell it: "uniform", "int"…
const char* kind_name(ir::HyperDomain::Kind k);

// "~ uniform(0, 1)", "~ int(1, 9, step: 2)", "= 0.5", with " if opt == sgd" (ir::to_string).
std::string describe_domain(const ir::HyperDomain& d);

}  // namespace xp::rt
