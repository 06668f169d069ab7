#include "compiler/diags/kinds.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic param_assigned(Span at, std::string_view name, Span declared) {
  auto d = error("E0201", at, fmt::format("parameter `{}` cannot be assigned", name), "assigned here");
  with_secondary(d, declared, "declared as a parameter here");
  d.help = fmt::format("parameters are learned by training, not set; to choose its starting values give "
                       "`param {}` an initializer such as `~ constant(0.5)`",
                       name);
  return d;
}

Diagnostic param_used_before_training(Span at, std::string_view name, std::string_view context) {
  auto d = error("E0202", at, fmt::format("parameter `{}` used in {}", name, context), "a learned parameter");
  d.help = fmt::format("parameters are learned, so they have no value when {} is read; use a hyper or a number", context);
  return d;
}

Diagnostic hyper_assigned(Span at, std::string_view name, std::string_view where, Span declared) {
  auto d = error("E0203", at, fmt::format("hyperparameter `{}` assigned inside {}", name, where), "assigned here");
  with_secondary(d, declared, "declared as a hyperparameter here");
  d.help = "hyperparameters are fixed before training and never learned; give it another value in its "
           "`hyper` line, or use a local with a new name";
  return d;
}

Diagnostic not_callable(Span at, std::string_view name, std::string_view kind) {
  auto d = error("E0204", at, fmt::format("`{}` is {} and cannot be called", name, kind), "called here");
  d.help = "models, built-ins and hypers that pick a built-in (`hyper act ~ choice(relu, tanh)`) can be called";
  return d;
}

Diagnostic not_a_value(Span at, std::string_view name, std::string_view kind, std::string help) {
  auto d = error("E0205", at, fmt::format("`{}` is {}, not a value", name, kind), "used as a value");
  d.help = std::move(help);
  return d;
}

Diagnostic wrong_arity(Span at, std::string_view callee, std::string_view expected, size_t given,
                       std::string_view signature) {
  auto d = error("E0206", at,
                 fmt::format("`{}` takes {} but {} {} given", callee, expected, given, given == 1 ? "was" : "were"),
                 "wrong number of arguments");
  d.help = fmt::format("call it as `{}`", signature);
  return d;
}

Diagnostic unknown_argument(Span at, std::string_view callee, std::string_view arg,
                            const std::optional<std::string>& suggestion, std::string_view known) {
  auto d = error("E0207", at, fmt::format("`{}` has no argument `{}`", callee, arg), "unknown argument");
  d.help = suggestion ? did_you_mean(suggestion)
                      : known.empty() ? "it takes no named arguments" : fmt::format("it takes: {}", known);
  return d;
}

Diagnostic duplicate_argument(Span at, std::string_view callee, std::string_view arg, Span first) {
  auto d = error("E0207", at, fmt::format("argument `{}` of `{}` is given twice", arg, callee), "given again");
  with_secondary(d, first, "first given here");
  d.help = "remove one of them";
  return d;
}

Diagnostic wrong_kind(Span at, std::string_view expected, std::string_view name, std::string_view found,
                      std::string help) {
  auto d = error("E0208", at, fmt::format("expected {}, found `{}` ({})", expected, name, found),
                 fmt::format("not {}", expected));
  d.help = std::move(help);
  return d;
}

Diagnostic metric_not_for_task(Span at, std::string_view metric, std::string_view task, std::string_view data,
                               std::string_view fitting) {
  auto d = error("E0209", at, fmt::format("metric `{}` does not apply to {} data `{}`", metric, task, data),
                 fmt::format("not a {} metric", task));
  d.help = fmt::format("{} metrics: {}", task, fitting);
  return d;
}

Diagnostic objective_not_scalar(Span at, std::string_view metric) {
  auto d = error("E0210", at, fmt::format("`{}` is a matrix and cannot be an objective", metric),
                 "not a single number");
  d.help = "optimize one number such as `val.accuracy` or `val.f1`; show the confusion matrix in `report`";
  return d;
}

Diagnostic invalid_assignment(Span at, std::string_view target, std::string_view kind) {
  auto d = error("E0211", at, fmt::format("`{}` is {} and cannot be assigned", target, kind), "assigned here");
  d.help = "values in a model are defined once: introduce a local with a new name (`h2 = ...`)";
  return d;
}

Diagnostic not_printable(Span at, std::string_view what) {
  auto d = error("E0212", at, fmt::format("`print` shows numbers, strings and hyperparameters, but {}", what),
                 "not a number of the run");
  d.help = "`report MODEL { params }` shows what a model learned, and `exp repl` prints any tensor (`mlp.W1`)";
  return d;
}

Diagnostic argument_out_of_range(Span at, std::string_view callee, const stdlib::Arg& arg, std::string_view given,
                                 const std::optional<std::string>& suggestion) {
  auto d = error("E0213", at, fmt::format("`{}` of `{}` must be {}, not {}", arg.name, callee, arg.range_text(), given),
                 arg.type == stdlib::ArgType::Word ? "not one of its words" : "out of range");
  if (suggestion) d.help = did_you_mean(suggestion);
  else if (!arg.doc.empty() && arg.named && (arg.has_default() || !arg.shown.empty()))
    d.help = fmt::format("`{}` is the {}; it defaults to {}", arg.name, arg.doc, arg.rendered().substr(arg.name.size() + 2));
  else if (!arg.doc.empty()) d.help = fmt::format("`{}` is the {}", arg.name, arg.doc);
  else d.help = fmt::format("`exp help {}` lists its arguments", callee);
  return d;
}

Diagnostic list_not_a_value(Span at, std::string help) {
  auto d = error("E0214", at, "a list where one value is expected", "a list");
  d.help = std::move(help);
  return d;
}

}  // namespace xp::diag
