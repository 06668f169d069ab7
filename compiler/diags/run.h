#pragma once
// What `exp run` would refuse about the script itself, found at check time
// on the lowered program (compiler/passes/run_facts.cpp). The codes are the
// runtime's (E0904, E0905; docs/errors.md), so a script meets the same code
// whichever command finds the problem; E0319 is the training memory limit.
#include <string>
#include <string_view>
#include <vector>

#include "base/diag_builders.h"

namespace xp::diag {

// E0904 `stop_early(monitor: val.loss)` when training has no validation rows, or a monitor no
// epoch computes (`train.accuracy`, `cv.loss`); `why` says which.
Diagnostic monitor_not_computed(Span at, std::string_view monitor, std::string_view why, std::string help);
// E0914 `maximize = val.accuracy` (or the default `val.loss`) over a split without a val part.
Diagnostic objective_without_val(Span at, std::string_view metric, std::string_view data);
// E0905 `hyper lr ~ ...` read by `train mlp` with no `tune mlp` block.
Diagnostic searched_without_tune(Span at, std::string_view model, const std::vector<std::string>& hypers);
// E0319 a model whose training needs more memory than the limit (`need`, `limit`: "149 GiB").
Diagnostic model_too_large(Span at, std::string_view model, std::string_view need, std::string_view limit,
                           std::string_view formula);

// E0810 `evaluate m on w` where `w`'s examples are not what `m` was trained
// on (`why`: "`m` reads 4 features; `w` has 13"): exp run trained the model
// and then refused the data set.
Diagnostic evaluate_on_unfit_data(Span at, std::string_view model, std::string_view data, std::string why);

// E0320 `x @ W > 0`, `x[0]`, `not h` inside a model or a loss: an operation
// the shape rules type but the runtime has no kernel for.
Diagnostic no_kernel(Span at, std::string_view what);
// E0610 a second `train m` (or `tune m`) block: which one would run is a guess.
Diagnostic block_twice(Span at, std::string_view block, std::string_view model, Span first);
// E0611 a statement that does nothing: an expression on its own line in a
// script (`lr * 2`, `iris.train`), which only the REPL evaluates.
Diagnostic expression_does_nothing(Span at);
// E0611 a `tune` block with nothing to search: every hyper its model's
// training (or its black-box objective) reads is fixed.
Diagnostic tune_searches_nothing(Span at, std::string_view model);
// E0610 a second `seed` statement, or a second `split d` of one data set
// (`what`): the last one given won and the first did nothing.
Diagnostic statement_twice(Span at, std::string_view what, Span first, std::string help);
// E1004 a study the runtime cannot plan, found at check time: a black-box
// `tune { }` with a multi-fidelity method, a pruner or cv (it has no epochs
// or folds), or a `method` that names no tuning method (a hyper, say).
Diagnostic study_cannot_be_planned(Span at, std::string message, std::string label, std::string help);

}  // namespace xp::diag
