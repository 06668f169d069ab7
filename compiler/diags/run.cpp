#include "compiler/diags/run.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic monitor_not_computed(Span at, std::string_view monitor, std::string_view why, std::string help) {
  auto d = error("E0904", at, fmt::format("early stopping monitors `{}`, but {}", monitor, why), "nothing to monitor");
  d.help = std::move(help);
  return d;
}

Diagnostic objective_without_val(Span at, std::string_view metric, std::string_view data) {
  auto d = error("E0914", at, fmt::format("the tune objective `{}` reads the validation part, but the split of `{}` has none", metric, data),
                 "nothing to score trials on");
  d.help = fmt::format("give the split a `val:` fraction (`split {} {{ train: 0.6, val: 0.2, test: 0.2 }}`), or tune on "
                       "cv.<metric> (`cv = 5`)",
                       data);
  return d;
}

Diagnostic searched_without_tune(Span at, std::string_view model, const std::vector<std::string>& hypers) {
  std::string list;
  for (const auto& h : hypers) list += (list.empty() ? "`" : ", `") + h + "`";
  auto d = error("E0905", at,
                 fmt::format("`{}` reads searched hyperparameters ({}) but no `tune {}` block searches them", model, list, model),
                 "trained with searched hypers");
  d.help = fmt::format("add `tune {} {{ maximize = val.accuracy }}` (or another objective), or fix them with `=`", model);
  return d;
}

Diagnostic model_too_large(Span at, std::string_view model, std::string_view need, std::string_view limit,
                           std::string_view formula) {
  auto d = error("E0319", at, fmt::format("training `{}` needs up to {} of memory, over the limit of {}", model, need, limit),
                 "too large to train");
  d.help = fmt::format("memory per batch is {} bytes (`exp check --cost` shows it per model); use smaller shapes", formula);
  return d;
}

Diagnostic evaluate_on_unfit_data(Span at, std::string_view model, std::string_view data, std::string why) {
  auto d = error("E0810", at, fmt::format("`{}` cannot be evaluated on `{}`: {}", model, data, std::move(why)),
                 "not the data it was trained on");
  d.help = fmt::format("evaluate on a data set with the columns `{}` was trained on, or on a part of its own data "
                       "(`evaluate {} on DATA.test`)",
                       model, model);
  return d;
}

Diagnostic no_kernel(Span at, std::string_view what) {
  auto d = error("E0320", at, fmt::format("{} cannot be computed inside a model or a loss", what), "no tensor kernel");
  if (what.find("max` of") != std::string_view::npos || what.find("min` of") != std::string_view::npos)
    d.help = "elementwise, max(a, b) is `relu(a - b) + b` and min(a, b) is `a - relu(a - b)`; `max(x, axis: k)` "
             "reduces one tensor";
  else
    d.help = "models and losses compute with arithmetic, `@` and the tensor built-ins (`exp help activations`, "
             "`exp help tensor`); comparisons and `not` belong in hyper conditions, and a smooth gate such as "
             "`sigmoid(k * h) * h` replaces a mask";
  return d;
}

Diagnostic block_twice(Span at, std::string_view block, std::string_view model, Span first) {
  auto d = error("E0610", at, fmt::format("a second `{} {}` block", block, model), "given again");
  with_secondary(d, first, "first given here");
  d.help = fmt::format("a model has one `{}` block: merge them, or train a second model under another name", block);
  return d;
}

Diagnostic expression_does_nothing(Span at) {
  auto d = error("E0611", at, "an expression on its own line does nothing in a script", "its value goes nowhere");
  d.help = "`print EXPR` shows a number of the run (hypers and arithmetic); `exp repl` evaluates learned tensors "
           "(`mlp.W1`), splits (`iris.train`) and predictions";
  return d;
}

Diagnostic tune_searches_nothing(Span at, std::string_view model) {
  bool black_box = model.empty();
  auto d = error("E0611", at,
                 black_box ? std::string("this black-box `tune` searches nothing: every hyper its objective reads is fixed")
                           : fmt::format("`tune {}` searches nothing: every hyper `{}`'s training reads is fixed", model, model),
                 "nothing to search");
  d.help = black_box ? "declare a searched hyper the objective reads (`hyper a ~ uniform(0, 1)`), or remove the block"
                     : fmt::format("search a hyper `{}` reads (`hyper lr ~ loguniform(1e-4, 1e-1)`), or remove `tune {}`: "
                                   "its model is trained once either way",
                                   model, model);
  return d;
}

Diagnostic statement_twice(Span at, std::string_view what, Span first, std::string help) {
  auto d = error("E0610", at, fmt::format("a second {}", what), "given again");
  with_secondary(d, first, "first given here");
  d.help = std::move(help);
  return d;
}

Diagnostic study_cannot_be_planned(Span at, std::string message, std::string label, std::string help) {
  auto d = error("E1004", at, std::move(message), std::move(label));
  d.help = std::move(help);
  return d;
}

}  // namespace xp::diag
