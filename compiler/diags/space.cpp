#include "compiler/diags/space.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic log_bound_not_positive(Span at, std::string_view space, double bound) {
  auto d = error("E0501", at, fmt::format("`{}` needs bounds above 0, but a bound is {}", space, bound),
                 "not positive");
  d.help = "a log scale cannot reach 0 or below: use a small positive bound such as 1e-6, or `uniform` for a linear scale";
  return d;
}

Diagnostic low_not_below_high(Span at, double low, double high) {
  auto d = error("E0502", at, fmt::format("the range is empty: low ({}) is not below high ({})", low, high),
                 "empty range");
  d.help = low == high ? fmt::format("for a fixed value write `= {}`", low) : "swap the bounds: low comes first";
  return d;
}

Diagnostic int_bound_not_integer(Span at, std::string_view what, double value) {
  auto d = error("E0503", at, fmt::format("`int` needs a whole-number {}, not {}", what, value), "not an integer");
  d.help = "use whole numbers, or `uniform(low, high)` for a real-valued range";
  return d;
}

Diagnostic step_not_positive(Span at, double step) {
  auto d = error("E0504", at, fmt::format("the step must be above 0, not {}", step), "not positive");
  d.help = "a step is the distance between neighbouring values, such as `step: 0.1`";
  return d;
}

Diagnostic grid_needs_step(Span at, std::string_view hyper, std::string_view space, Span method) {
  auto d = error("E0505", at, fmt::format("grid search cannot enumerate `{}`: {} has no step", hyper, space),
                 "infinitely many values");
  with_secondary(d, method, "grid search chosen here");
  d.help = space == "loguniform"
               ? "give the tune block `count = N` for N geometrically spaced values, list the values with `choice(...)`, "
                 "or use a sampler such as `tpe` or `random`"
               : "give the range a step (`uniform(0, 1, step: 0.1)`) or the tune block `count = N`, list values with "
                 "`choice`, or use `tpe`";
  return d;
}

Diagnostic empty_choice(Span at) {
  auto d = error("E0506", at, "`choice` has nothing to choose from", "empty choice");
  d.help = "list at least one value: `choice(8, 16, 32)`";
  return d;
}

Diagnostic duplicate_choice(Span at, std::string_view value, Span first) {
  auto d = error("E0507", at, fmt::format("`{}` is listed twice in this choice", value), "duplicate value");
  with_secondary(d, first, "first listed here");
  d.help = "remove the repeat: duplicates bias samplers towards one value";
  return d;
}

Diagnostic condition_not_on_hyper(Span at, std::string_view name, std::string_view kind) {
  auto d = error("E0508", at, fmt::format("a condition must test a hyperparameter, but `{}` is {}", name, kind),
                 "not a hyperparameter");
  d.help = "conditions decide whether a hyper is active from another hyper's value: `if opt == sgd`";
  return d;
}

Diagnostic condition_value_impossible(Span at, std::string_view hyper, std::string_view test, std::string_view domain,
                                      const std::optional<std::string>& suggestion) {
  auto d = error("E0509", at, fmt::format("this condition never holds: `{}` is never {}", hyper, test),
                 "impossible value");
  d.notes.push_back(fmt::format("`{}` takes {}", hyper, domain));
  d.help = suggestion ? did_you_mean(suggestion) : "test a value the hyper can take";
  return d;
}

Diagnostic condition_refers_forward(Span at, std::string_view hyper, Span declared) {
  auto d = error("E0510", at, fmt::format("condition refers to `{}`, which is declared later", hyper),
                 "declared further down");
  with_secondary(d, declared, "declared here");
  d.help = fmt::format("move `hyper {}` above this line: conditions refer to earlier hypers, so a sampler can draw "
                       "them in order",
                       hyper);
  return d;
}

Diagnostic condition_on_itself(Span at, std::string_view hyper) {
  auto d = error("E0511", at, fmt::format("`{}` is conditional on itself", hyper), "refers to the hyper being declared");
  d.help = "a condition decides whether a hyper exists from another hyper's value";
  return d;
}

Diagnostic space_value_not_literal(Span at, std::string_view space) {
  bool choice = space == "choice";
  auto d = error("E0512", at, fmt::format("`{}` takes {} written in the script here", space, choice ? "values" : "numbers"),
                 "not a literal");
  d.help = choice ? "search spaces are fixed before any value is drawn: write each option as a number, a name or a string"
                  : "search spaces are fixed before any value is drawn: write the bound as a number";
  return d;
}

Diagnostic choice_mixes_kinds(Span at, std::string_view first_kind, std::string_view other_kind) {
  auto d = error("E0513", at, fmt::format("choice mixes {} and {}", first_kind, other_kind), "different kind of value");
  d.help = "a hyper holds one kind of value: make every option a number, or every option a name, or every option a string";
  return d;
}

Diagnostic not_a_space(Span at, std::string_view found, bool fixed_value) {
  auto d = error("E0514", at, fmt::format("expected a search space after `~`, found {}", found), "not a search space");
  d.help = fixed_value ? "for a fixed value write `=` instead of `~`"
                       : "search spaces: uniform(a, b), loguniform(a, b), int(a, b), choice(v, ...)";
  return d;
}

Diagnostic unsupported_condition(Span at) {
  auto d = error("E0515", at, "a condition compares a hyper with a value, joined by `and`", "unsupported condition");
  d.help = "write conditions such as `if opt == sgd` or `if layers >= 2 and opt == sgd`";
  return d;
}

Diagnostic grid_too_large(Span at, std::string_view what, size_t limit, Span method) {
  auto d = error("E0516", at, fmt::format("grid search lists at most {} points, but {}", limit, what), "too many grid points");
  if (method.begin != at.begin || method.file != at.file) with_secondary(d, method, "grid search chosen here");
  d.help = "use a larger step, fewer choices or the tune option `count: N`; or search with `tpe`, `random` or `sobol`";
  return d;
}

}  // namespace xp::diag
