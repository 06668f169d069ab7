#include "compiler/diags/warnings.h"

#include <cmath>

#include <fmt/format.h>

namespace xp::diag {

Diagnostic unused_hyper(Span at, std::string_view name, std::string_view only_reader) {
  auto d = warning("W0101", at, fmt::format("hyperparameter `{}` is never used", name),
                   only_reader.empty() ? std::string("nothing reads it")
                                       : fmt::format("only unused `{}` reads it", only_reader));
  d.help = "use it (in a model, a train block or a condition) or remove it: searching it only wastes trials";
  return d;
}

Diagnostic dead_param(Span at, std::string_view name, std::string_view model) {
  auto d = warning("W0102", at, fmt::format("no output of model `{}` depends on parameter `{}`", model, name),
                   "never reaches the result");
  d.help = "training cannot change what does not affect the loss: use it in the model body or remove it";
  return d;
}

Diagnostic untrained_model(Span at, std::string_view name) {
  auto d = warning("W0103", at, fmt::format("model `{}` is never trained", name), "no train block");
  d.help = fmt::format("add `train {} on DATA {{ ... }}`, or call it from a model that is trained", name);
  return d;
}

Diagnostic unused_data(Span at, std::string_view name) {
  auto d = warning("W0104", at, fmt::format("data set `{}` is never used", name), "nothing reads it");
  d.help = fmt::format("train a model on it (`train MODEL on {}`) or remove it", name);
  return d;
}

Diagnostic wide_linear_range(Span at, double low, double high, std::string_view instead) {
  auto d = warning("W0105", at,
                   fmt::format("this linear range spans {:.0f} orders of magnitude", std::log10(high / low)),
                   "linear scale");
  d.notes.push_back(fmt::format("drawn uniformly, about 90% of values land above {}", high / 10));
  d.help = fmt::format("use {}", instead);
  return d;
}

Diagnostic step_does_not_divide(Span at, double low, double high, double step, double last) {
  auto d = warning("W0106", at, fmt::format("the step {} does not divide the range {} to {}", step, low, high),
                   "uneven step");
  d.notes.push_back(fmt::format("the largest value drawn will be {}, not {}", last, high));
  d.help = "choose a step that divides high − low, or move the bound";
  return d;
}

}  // namespace xp::diag
