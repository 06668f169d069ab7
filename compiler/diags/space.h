#pragma once
// E05xx — search spaces that cannot be sampled, and conditions that cannot
// be evaluated (rule 6).
#include <optional>
#include <string>
#include <string_view>

#include "base/diag_builders.h"

namespace xp::diag {

// E0501 `loguniform(0, 1)`: a log scale needs positive bounds.
Diagnostic log_bound_not_positive(Span at, std::string_view space, double bound);
// E0502 `uniform(1, 0)`: low must be below high.
Diagnostic low_not_below_high(Span at, double low, double high);
// E0503 `int(1.5, 8)`: integer ranges need integer bounds and steps.
Diagnostic int_bound_not_integer(Span at, std::string_view what, double value);
// E0504 `step: 0`.
Diagnostic step_not_positive(Span at, double step);
// E0505 grid search over a continuous range without a step.
Diagnostic grid_needs_step(Span at, std::string_view hyper, std::string_view space, Span method);
// E0506 `choice()`.
Diagnostic empty_choice(Span at);
// E0507 `choice(8, 16, 8)`.
Diagnostic duplicate_choice(Span at, std::string_view value, Span first);
// E0508 `if mlp == 3`: a condition must test a hyperparameter.
Diagnostic condition_not_on_hyper(Span at, std::string_view name, std::string_view kind);
// E0509 `if opt == sgdd`: a value the hyper never takes (the condition never holds).
Diagnostic condition_value_impossible(Span at, std::string_view hyper, std::string_view test,
                                      std::string_view domain, const std::optional<std::string>& suggestion);
// E0510 a condition on a hyper declared further down.
Diagnostic condition_refers_forward(Span at, std::string_view hyper, Span declared);
// E0511 `hyper m ~ ... if m > 1`.
Diagnostic condition_on_itself(Span at, std::string_view hyper);
// E0512 `uniform(0, lr)`: bounds and choice values are literals.
Diagnostic space_value_not_literal(Span at, std::string_view space);
// E0513 `choice(8, relu)`: numbers, names and strings do not mix.
Diagnostic choice_mixes_kinds(Span at, std::string_view first_kind, std::string_view other_kind);
// E0514 `hyper lr ~ 0.1` / `hyper lr ~ normal(0, 1)`: `~` needs a search space.
Diagnostic not_a_space(Span at, std::string_view found, bool fixed_value);
// E0515 `if a == 1 or b == 2`: conditions are comparisons joined by `and`.
Diagnostic unsupported_condition(Span at);
// E0516 `method = grid` over `int(1, 1e9)`: more grid points than grid search lists
// (`what`: "`w` alone has 1000000000 values", "the grid has 4000000 points").
Diagnostic grid_too_large(Span at, std::string_view what, size_t limit, Span method);

}  // namespace xp::diag
