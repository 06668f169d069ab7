#pragma once
// `--set name=value`: fixes a hyper from the command line. A searched hyper
// set this way is no longer searched; its condition (`if opt == sgd`) stays.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp::rt {

// A value as a script literal: 16 (int), 0.01 / 1e-3 (number), relu (name),
// "text" (string). nullopt when it is none of these.
std::optional<ir::Value> parse_literal(std::string_view text);

// Applies every override to `space`, before anything runs. Reports
// E0901/E0902 and returns false when one names no hyper, has an unreadable
// value, or a value the hyper's declaration does not allow (outside its
// `choice(...)` or range, off its step, a name for a number, …).
bool apply_overrides(ir::SearchSpace& space, const std::vector<std::pair<std::string, std::string>>& sets,
                     Diagnostics& diags);

}  // namespace xp::rt
