#include "compiler/passes/signature.h"

namespace xp {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// Splits on commas that are not inside brackets or quotes.
std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '[' || c == '(') ++depth;
    if (c == ']' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(trim(s.substr(start)));
  return parts;
}

std::vector<std::string> alternatives(std::string_view value) {
  std::vector<std::string> out;
  if (value.find('|') == std::string_view::npos) return out;
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i)
    if (i == value.size() || value[i] == '|') {
      out.emplace_back(trim(value.substr(start, i - start)));
      start = i + 1;
    }
  return out;
}

}  // namespace

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

Signature parse_signature(std::string_view text) {
  Signature sig;
  if (trim(text).empty()) return sig;
  for (auto part : split_top(text)) {
    if (part == "...") { sig.variadic = true; continue; }
    ArgSpec arg;
    auto colon = part.find(':');
    arg.named = colon != std::string_view::npos;
    arg.name = std::string(trim(part.substr(0, colon)));
    if (arg.named) arg.alternatives = alternatives(trim(part.substr(colon + 1)));
    sig.args.push_back(std::move(arg));
  }
  return sig;
}

Signature signature_of(const stdlib::Builtin& b) {
  auto open = b.signature.find('(');
  auto close = b.signature.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  return parse_signature(b.signature.substr(open + 1, close - open - 1));
}

}  // namespace xp
