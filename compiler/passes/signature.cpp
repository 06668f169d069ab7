#include "compiler/passes/signature.h"

namespace xp {

const ArgSpec* Signature::find(std::string_view name) const {
  for (const auto& a : args)
    if (a.name == name) return &a;
  return nullptr;
}

std::vector<std::string> Signature::names() const {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a.name);
  return out;
}

Signature signature_of(const stdlib::Builtin& b) {
  Signature sig;
  sig.variadic = b.variadic();
  for (const auto& a : b.args) {
    ArgSpec spec;
    spec.name = std::string(a.name);
    spec.named = a.named;
    for (auto w : a.words) spec.alternatives.emplace_back(w);
    spec.arg = &a;
    sig.args.push_back(std::move(spec));
  }
  return sig;
}

}  // namespace xp
