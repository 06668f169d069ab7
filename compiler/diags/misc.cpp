#include "compiler/diags/misc.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic unknown_setting(Span at, std::string_view block, std::string_view key,
                           const std::optional<std::string>& suggestion, std::string_view known) {
  auto d = error("E0601", at, fmt::format("unknown setting `{}` in a {} block", key, block), "unknown setting");
  d.help = suggestion ? did_you_mean(suggestion) : fmt::format("a {} block takes: {}", block, known);
  return d;
}

Diagnostic seed_in_tune(Span at, std::string_view value, Span script_seed) {
  auto d = error("E0601", at, "`seed` is not a setting of a tune block", "not a tune setting");
  with_secondary(d, script_seed, "the study is seeded here");
  d.help = script_seed.valid()
               ? "remove it: the script's `seed` seeds the study and every trial (`--seed` overrides it)"
               : fmt::format("write `seed {}` as a statement at the top of the script: it seeds the data, "
                             "training and the study (`--seed` overrides it)", value);
  return d;
}

Diagnostic duplicate_setting(Span at, std::string_view key, Span first) {
  auto d = error("E0602", at, fmt::format("`{}` is set twice", key), "set again here");
  with_secondary(d, first, "first set here");
  d.help = "keep one of them";
  return d;
}

Diagnostic missing_setting(Span at, std::string_view block, std::string_view key, std::string_view example) {
  auto d = error("E0603", at, fmt::format("this {} block has no `{}`", block, key), fmt::format("needs `{}`", key));
  d.help = fmt::format("add it, for example `{}`", example);
  return d;
}

Diagnostic conflicting_settings(Span at, std::string_view key, std::string_view other, Span other_at) {
  auto d = error("E0604", at, fmt::format("`{}` and `{}` cannot both be set", key, other), "conflicts");
  with_secondary(d, other_at, fmt::format("`{}` set here", other));
  d.help = "a study has one objective: keep the one you mean";
  return d;
}

Diagnostic method_and_pruner_conflict(Span at, std::string_view method, std::string_view pruner, Span method_at) {
  auto d = error("E0604", at,
                 fmt::format("`method = {}` prunes by {}, but `prune = {}` names another pruner", method, method, pruner),
                 "conflicts");
  if (method_at.valid()) with_secondary(d, method_at, fmt::format("`{}` chosen here", method));
  d.help = fmt::format("`method = {}` is random search pruned by {}: for {} pruning write `method = random` (or tpe, "
                       "sobol) with `prune = {}`; to set {}'s options, `prune = {}(min: 2)`",
                       method, method, pruner == "none" ? "no" : std::string(pruner) + "'s", pruner, method, method);
  return d;
}

Diagnostic bad_split(Span at, std::string message, std::string help) {
  auto d = error("E0605", at, std::move(message), "invalid split");
  d.help = std::move(help);
  return d;
}

Diagnostic model_not_trained(Span at, std::string_view model, std::string_view statement) {
  auto d = error("E0606", at, fmt::format("`{}` needs model `{}` to be trained, but it has no train block", statement, model),
                 "never trained");
  d.help = fmt::format("add `train {} on DATA {{ loss = ... }}`", model);
  return d;
}

Diagnostic expected_number(Span at, std::string_view key, std::string_view why) {
  auto d = error("E0607", at, fmt::format("`{}` must be a number written in the script", key), "not a number");
  d.help = std::string(why);
  return d;
}

Diagnostic expected_flag(Span at, std::string_view key) {
  auto d = error("E0608", at, fmt::format("`{}` must be `true` or `false`", key), "not true or false");
  d.help = fmt::format("write `{}: true` or `{}: false`", key, key);
  return d;
}

Diagnostic setting_out_of_range(Span at, std::string message, std::string help) {
  auto d = error("E0609", at, std::move(message), "out of range");
  d.help = std::move(help);
  return d;
}

Diagnostic generator_option_out_of_range(Span at, std::string_view generator, const stdlib::GeneratorOption& option) {
  auto d = error("E0808", at, fmt::format("`{}:` of {} must be {}", option.name, generator, option.range_text()),
                 "out of range");
  d.help = fmt::format("`{}:` is the {}; it defaults to {}", option.name, option.doc, option.default_value);
  return d;
}

Diagnostic generated_data_too_large(Span at, std::string problem) {
  auto d = error("E0808", at, std::move(problem), "too large");
  d.help = "lower `n:` or `features:`";
  return d;
}

}  // namespace xp::diag
