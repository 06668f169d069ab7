#pragma once
// The two kinds of failure in the graph runtime, never mixed:
//  - GraphError: the user's script asks for something that cannot run (a
//    shape that cannot be made concrete, an unknown built-in, a bad named
//    argument). It carries the span of the op that caused it and converts to
//    a Diagnostic, so the CLI renders it like any compile-time error.
//  - internal_error(): a broken invariant of exp itself.
#include <stdexcept>
#include <string>

#include "base/diagnostics.h"

namespace xp::rt {

// Codes E0700–E0719 belong to instantiation (see graph_error_codes below).
class GraphError : public std::runtime_error {
 public:
  GraphError(Span span, std::string code, std::string message, std::string help = {});
  const Span& span() const { return span_; }
  const std::string& code() const { return code_; }
  const std::string& help() const { return help_; }
  Diagnostic to_diagnostic() const;

 private:
  Span span_;
  std::string code_;
  std::string help_;
};

namespace graph_error_codes {
inline constexpr const char* kShape = "E0700";        // shapes that cannot be combined or made concrete
inline constexpr const char* kUnknown = "E0701";      // unknown built-in, model, hyper or argument
inline constexpr const char* kArgument = "E0702";     // a named argument with a bad value
inline constexpr const char* kUnsupported = "E0703";  // a valid program this runtime cannot execute
}  // namespace graph_error_codes

// Throws std::logic_error("internal error: <what> (this is a bug in exp)").
[[noreturn]] void internal_error(const std::string& what);

}  // namespace xp::rt
