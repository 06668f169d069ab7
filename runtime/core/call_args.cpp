#include "runtime/core/call_args.h"

#include <fmt/format.h>

#include "runtime/core/errors.h"

namespace xp::rt {

std::optional<double> CallArgs::find(std::string_view name, int position) const {
  for (const auto& [n, v] : args)
    if (!n.empty() && n == name) return v;
  int k = 0;
  for (const auto& [n, v] : args) {
    if (!n.empty()) continue;
    if (k++ == position) return v;
  }
  return std::nullopt;
}

double CallArgs::get(std::string_view name, int position, double fallback) const {
  return find(name, position).value_or(fallback);
}

void CallArgs::check(const stdlib::Builtin& b) const {
  std::vector<std::string_view> names;
  for (const auto& a : b.args) names.push_back(a.name);
  check_names(names, b.max_args < 0 ? 1 << 30 : b.max_args);
}

void CallArgs::reject(const std::string& message, const std::string& help) const {
  throw GraphError(span, graph_error_codes::kArgument, message, help);
}

double CallArgs::declared(stdlib::Category category, std::string_view name, int position) const {
  const stdlib::Arg& a = stdlib::declared(fn, category, name);
  const double v = get(name, position, a.default_value);
  if (!a.accepts(v)) reject(fmt::format("`{}` argument `{}` = {} must be {}", fn, name, v, a.range_text()));
  return v;
}

void CallArgs::check(std::initializer_list<std::string_view> allowed, int max_positional) const {
  check_names(std::vector<std::string_view>(allowed), max_positional);
}

void CallArgs::check_names(const std::vector<std::string_view>& allowed, int max_positional) const {
  int positional = 0;
  for (const auto& [n, v] : args) {
    if (n.empty()) {
      if (++positional > max_positional)
        reject(fmt::format("`{}` takes at most {} positional argument{}", fn, max_positional,
                           max_positional == 1 ? "" : "s"));
      continue;
    }
    bool ok = false;
    for (auto a : allowed) ok = ok || a == n;
    if (ok) continue;
    std::string names;
    for (auto a : allowed) names += (names.empty() ? "`" : ", `") + std::string(a) + "`";
    throw GraphError(span, graph_error_codes::kUnknown, fmt::format("`{}` has no argument named `{}`", fn, n),
                     names.empty() ? std::string("it takes no named arguments") : "it accepts " + names);
  }
}

}  // namespace xp::rt
