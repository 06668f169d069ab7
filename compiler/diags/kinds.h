#pragma once
// E02xx — kinds: parameters vs hyperparameters (rules 2 and 3 of the
// language), calling what cannot be called, using a model or a data set as a
// number, arguments of built-ins, metrics that do not fit the task.
#include <optional>
#include <string>
#include <string_view>

#include "base/diag_builders.h"

namespace xp::diag {

// E0201 `W1 = ...` / `W1 += ...`: a param is set by training only.
Diagnostic param_assigned(Span at, std::string_view name, Span declared);
// E0202 a param read where its value cannot exist yet (`context`: "a search space", "a shape", ...).
Diagnostic param_used_before_training(Span at, std::string_view name, std::string_view context);
// E0203 `lr = lr * 0.5` inside a model or a train block.
Diagnostic hyper_assigned(Span at, std::string_view name, std::string_view where, Span declared);
// E0204 `hidden(x)`: only models, built-ins and hypers that pick a built-in can be called.
Diagnostic not_callable(Span at, std::string_view name, std::string_view kind);
// E0205 `mlp + 1`: a model, a data set or an uncalled built-in used as a number.
Diagnostic not_a_value(Span at, std::string_view name, std::string_view kind, std::string help);
// E0206 `cross_entropy(logits)`: wrong number of positional arguments.
Diagnostic wrong_arity(Span at, std::string_view callee, std::string_view expected, size_t given,
                       std::string_view signature);
// E0207 `adam(lr, beta: 0.9)`: no such named argument.
Diagnostic unknown_argument(Span at, std::string_view callee, std::string_view arg,
                            const std::optional<std::string>& suggestion, std::string_view known);
// E0207 `adam(lr, lr: 0.1)`: one argument given twice.
Diagnostic duplicate_argument(Span at, std::string_view callee, std::string_view arg, Span first);
// E0208 `optimizer = relu(lr)`, `train lr on iris`: a name of the wrong kind for its place.
Diagnostic wrong_kind(Span at, std::string_view expected, std::string_view name, std::string_view found,
                      std::string help = "");
// E0209 `val.r2` while training on a classification data set.
Diagnostic metric_not_for_task(Span at, std::string_view metric, std::string_view task,
                               std::string_view data, std::string_view fitting);
// E0210 `maximize = val.confusion`: an objective must be one number.
Diagnostic objective_not_scalar(Span at, std::string_view metric);
// E0211 `x = ...` for an input, `h[0] = ...`: only a fresh local can be assigned.
Diagnostic invalid_assignment(Span at, std::string_view target, std::string_view kind);
// E0212: `print` in a script shows numbers, strings and hypers; `what` says why this is none.
Diagnostic not_printable(Span at, std::string_view what);
// E0213 `adam(lr, beta1: 1.5)`, `csv("d.csv", impute: medain)`: a value the
// built-in's argument does not take (its bounds and words are in the stdlib registry).
Diagnostic argument_out_of_range(Span at, std::string_view callee, const stdlib::Arg& arg, std::string_view given,
                                 const std::optional<std::string>& suggestion = std::nullopt);
// E0214 `epochs = [5]`, `adam([0.1])`, `x + [1, 2]`: a list where one value is expected
// (lists are written only in `csv(..., columns: [...])` and in shapes).
Diagnostic list_not_a_value(Span at, std::string help);

}  // namespace xp::diag
