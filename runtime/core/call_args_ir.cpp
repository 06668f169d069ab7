// Evaluating IR calls (hyper expressions) into CallArgs. Kept apart from
// call_args.cpp so code that builds CallArgs by hand does not pull in the
// IR evaluator.
#include <fmt/format.h>

#include "runtime/core/call_args.h"
#include "runtime/core/errors.h"

namespace xp::rt {
namespace {

std::optional<double> as_number(const ir::Value& v) {
  if (v.kind == ir::Value::Kind::Number) return v.number;
  if (v.kind == ir::Value::Kind::Name && v.text == "true") return 1.0;
  if (v.kind == ir::Value::Kind::Name && v.text == "false") return 0.0;
  return std::nullopt;
}

}  // namespace

CallArgs evaluate_call(const ir::CallSpec& call, const ir::Assignment& hypers) {
  CallArgs out;
  out.span = call.span;
  out.fn = call.resolve(hypers);
  if (out.fn.empty())
    throw GraphError(call.span, graph_error_codes::kUnknown,
                     fmt::format("hyper `{}` chooses the function here but has no value in this trial", call.fn_hyper));
  for (const auto& a : call.args) {
    std::optional<ir::Value> v = ir::eval(a.value, hypers);
    if (!v) {
      if (!a.name.empty()) continue;  // an inactive hyper leaves the named argument out
      throw GraphError(a.span.valid() ? a.span : call.span, graph_error_codes::kUnknown,
                       fmt::format("an argument of `{}` uses a hyper with no value in this trial", out.fn));
    }
    std::optional<double> x = as_number(*v);
    if (!x)
      throw GraphError(a.span.valid() ? a.span : call.span, graph_error_codes::kArgument,
                       fmt::format("argument {}of `{}` must be a number, got {}",
                                   a.name.empty() ? "" : "`" + a.name + "` ", out.fn, v->str()));
    out.args.emplace_back(a.name, *x);
  }
  return out;
}

}  // namespace xp::rt
