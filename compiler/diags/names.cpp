#include "compiler/diags/names.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic undefined_name(Span at, std::string_view name, const std::optional<std::string>& suggestion) {
  auto d = error("E0101", at, fmt::format("undefined name `{}`", name), "not defined");
  d.help = suggestion ? did_you_mean(suggestion)
                      : "define it first (`hyper`, `data`, `model`, `param` or a local), or check the spelling";
  return d;
}

Diagnostic undefined_data_size(Span at, std::string_view name) {
  auto d = error("E0101", at, fmt::format("undefined name `{}`", name), "no size has a name outside a model");
  d.help = fmt::format(
      "the data's sizes are named in a model's signature: wrap the call, `model net(x: [F]) -> [{0}] {{ return "
      "mlp(x, 64, {0}) }}`, and train `net`; or write the number",
      name);
  return d;
}

Diagnostic undefined_std_model(Span at, std::string_view name, std::string_view module) {
  auto d = error("E0101", at, fmt::format("undefined name `{}`", name), fmt::format("a model of {}, not imported", module));
  d.help = fmt::format("add `import {}` at the top of the script", module);
  return d;
}

Diagnostic undefined_named(Span at, std::string_view what, std::string_view name,
                           const std::optional<std::string>& suggestion) {
  auto d = error("E0101", at, fmt::format("no {} named `{}`", what, name), "not defined");
  d.help = suggestion ? did_you_mean(suggestion) : fmt::format("define it with `{} {} ...` first", what, name);
  return d;
}

Diagnostic duplicate_definition(Span at, std::string_view name, Span first) {
  auto d = error("E0102", at, fmt::format("`{}` is defined twice", name), "defined again here");
  with_secondary(d, first, "first defined here");
  d.help = "rename one of them: each name means one thing in its scope";
  return d;
}

Diagnostic unknown_member(Span at, std::string_view owner, std::string_view what, std::string_view member,
                          const std::optional<std::string>& suggestion, std::string_view known) {
  auto d = error("E0103", at, fmt::format("{} has no {} `{}`", owner, what, member), "unknown");
  d.help = suggestion ? did_you_mean(suggestion) : known.empty() ? std::string()
                                                                 : fmt::format("it has: {}", known);
  return d;
}

Diagnostic no_members(Span at, std::string_view name, std::string_view kind) {
  auto d = error("E0103", at, fmt::format("`{}` is {} and has no members", name, kind), "nothing to look up here");
  d.help = "members exist on models (mlp.W1), data sets (iris.train) and splits (val.accuracy)";
  return d;
}

Diagnostic unknown_metric(Span at, std::string_view name, const std::optional<std::string>& suggestion) {
  auto d = error("E0103", at, fmt::format("unknown metric `{}`", name), "not a metric");
  d.help = suggestion ? did_you_mean(suggestion) : "`exp help metrics` lists the metrics";
  return d;
}

Diagnostic undefined_dimension(Span at, std::string_view name, std::string_view model,
                               const std::optional<std::string>& suggestion) {
  auto d = error("E0104", at, fmt::format("undefined dimension `{}` in model `{}`", name, model),
                 "no input, result shape or hyper gives this size");
  d.help = suggestion ? did_you_mean(suggestion)
                      : fmt::format("name it in an input shape (`x: [{}]`), the result shape, or declare `hyper {} = ...`",
                                    name, name);
  return d;
}

Diagnostic used_before_definition(Span at, std::string_view name, Span definition) {
  auto d = error("E0105", at, fmt::format("`{}` is used before it is defined", name), "used here");
  with_secondary(d, definition, "defined here");
  d.help = "a model body runs top to bottom: move the definition above its first use";
  return d;
}

Diagnostic choice_mixes_categories(Span at, std::string_view first, stdlib::Category first_category,
                                   std::string_view other, stdlib::Category other_category) {
  auto d = error("E0106", at,
                 fmt::format("choice mixes {} (`{}`) and {} (`{}`)", one_of(first_category), first,
                             one_of(other_category), other),
                 "different kind of built-in");
  d.help = "a choice of names is called like the built-in it picks, so all of them must be of one kind";
  return d;
}

Diagnostic choice_of_non_builtin(Span at, std::string_view name, bool is_model) {
  auto d = error("E0106", at, fmt::format("`{}` is not a built-in, so a choice cannot pick it", name),
                 is_model ? "a model" : "defined in this script");
  d.help = is_model ? "to compare models, train and tune each one; a choice of names picks built-ins such as relu or adam"
                    : "a choice lists numbers, strings or built-in names such as relu or adam";
  return d;
}

}  // namespace xp::diag
