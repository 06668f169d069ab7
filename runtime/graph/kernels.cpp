// The kernel table: every family's kernels in one lookup, plus the binding
// helpers they share.
#include <array>

#include <stdexcept>

#include <fmt/format.h>

#include "runtime/core/errors.h"
#include "runtime/graph/kernel.h"
#include "stdlib/builtins.h"

namespace xp::rt {

std::string to_string(const Layout& l) {
  std::string dims;
  for (int i = 0; i < l.rank; ++i) dims += fmt::format("{}{}", i ? ", " : "", l.dim(i));
  if (l.batched) return dims.empty() ? "[batch]" : fmt::format("[batch, {}]", dims);
  return "[" + dims + "]";
}

double Binding::attr_or(std::string_view key, double fallback) const {
  for (const auto& a : attrs)
    if (a.name == key) return a.value;
  return fallback;
}

double Binding::declared_attr(std::string_view key) const {
  const stdlib::Builtin* b = nullptr;
  for (auto c : {stdlib::Category::Activation, stdlib::Category::Tensor, stdlib::Category::Loss})
    if (!b) b = stdlib::find(name, c);
  const stdlib::Arg* a = b ? b->arg(key) : nullptr;
  if (!a) throw std::logic_error(fmt::format("argument `{}` of `{}` is read by a kernel but not declared in stdlib/builtins.cpp", key, name));
  const double v = attr_or(key, a->default_value);
  if (!a->accepts(v))
    throw GraphError(span, graph_error_codes::kArgument, fmt::format("`{}` of `{}` must be {}, got {}", key, name, a->range_text(), v));
  return v;
}

void Binding::check_attrs(std::initializer_list<std::string_view> allowed) const {
  for (const auto& a : attrs) {
    bool ok = false;
    for (auto k : allowed) ok = ok || a.name == k;
    if (ok) continue;
    std::string names;
    for (auto k : allowed) names += (names.empty() ? "`" : ", `") + std::string(k) + "`";
    throw GraphError(span, graph_error_codes::kUnknown, fmt::format("`{}` has no argument named `{}`", name, a.name),
                     names.empty() ? std::string("it takes no named arguments") : "it accepts " + names);
  }
}

void Binding::fail(const std::string& message, const std::string& help) const {
  throw GraphError(span, graph_error_codes::kShape, message, help);
}

const KernelDef* find_kernel(std::string_view name) {
  for (auto family : {elementwise_kernels(), linalg_kernels(), reduce_kernels(), loss_kernels(),
                      penalty_kernels(), conv_kernels(), permute_kernels(), attention_kernels(),
                      norm_kernels(), embedding_kernels()})
    for (const auto& k : family)
      if (k.name == name) return &k;
  return nullptr;
}

}  // namespace xp::rt
