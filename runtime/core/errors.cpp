#include "runtime/core/errors.h"

namespace xp::rt {

GraphError::GraphError(Span span, std::string code, std::string message, std::string help)
    : std::runtime_error(std::move(message)), span_(span), code_(std::move(code)), help_(std::move(help)) {}

Diagnostic GraphError::to_diagnostic() const {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = code_;
  d.message = what();
  d.span = span_;
  d.help = help_;
  return d;
}

void internal_error(const std::string& what) {
  throw std::logic_error("internal error: " + what + " (this is a bug in exp)");
}

}  // namespace xp::rt
