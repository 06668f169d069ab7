#include "base/diag_builders.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic error(std::string_view code, Span span, std::string message, std::string label) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = std::string(code);
  d.span = span;
  d.message = std::move(message);
  d.label = std::move(label);
  return d;
}

Diagnostic warning(std::string_view code, Span span, std::string message, std::string label) {
  Diagnostic d = error(code, span, std::move(message), std::move(label));
  d.severity = Severity::Warning;
  return d;
}

Diagnostic& with_secondary(Diagnostic& d, Span span, std::string text) {
  if (span.valid()) d.secondary.push_back(Label{span, std::move(text)});
  return d;
}

std::string did_you_mean(const std::optional<std::string>& suggestion) {
  return suggestion ? fmt::format("did you mean `{}`?", *suggestion) : std::string();
}

std::string quote(std::string_view name) { return fmt::format("`{}`", name); }

std::string one_of(stdlib::Category c) {
  using C = stdlib::Category;
  switch (c) {
    case C::Activation: return "an activation";
    case C::Tensor: return "a tensor operation";
    case C::Loss: return "a loss";
    case C::Penalty: return "a penalty";
    case C::Init: return "an initializer";
    case C::Optimizer: return "an optimizer";
    case C::Schedule: return "a learning-rate schedule";
    case C::Metric: return "a metric";
    case C::Dataset: return "a data set";
    case C::Generator: return "a data generator";
    case C::Source: return "a data source";
    case C::Space: return "a search space";
    case C::Math: return "a scalar math function";
    case C::Constant: return "a constant";
    case C::Method: return "a tuning method";
    case C::Pruner: return "a pruner";
    case C::Preprocess: return "a preprocessing step";
  }
  return "a built-in";
}

}  // namespace xp::diag
