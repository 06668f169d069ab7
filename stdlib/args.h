#pragma once
// Short constructors for the argument tables of stdlib/builtins.cpp, so a
// row reads like the signature it renders to: num("momentum", 0, 0, 1).
#include "stdlib/builtins.h"

namespace xp::stdlib::args {

// A positional argument (a tensor unless said otherwise; Number ones may have bounds).
constexpr Arg pos(std::string_view name, ArgType type = ArgType::Tensor, double min = -kInf, double max = kInf) {
  Arg a;
  a.name = name;
  a.type = type;
  a.named = false;
  a.min = min;
  a.max = max;
  return a;
}
// A named real number with its default and inclusive bounds.
constexpr Arg num(std::string_view name, double def, double min = -kInf, double max = kInf, std::string_view doc = {},
                  bool min_open = false, bool max_open = false) {
  Arg a;
  a.name = name;
  a.default_value = def;
  a.min = min;
  a.max = max;
  a.min_open = min_open;
  a.max_open = max_open;
  a.doc = doc;
  return a;
}
constexpr Arg integer(std::string_view name, double def, double min, double max, std::string_view doc = {}) {
  Arg a = num(name, def, min, max, doc);
  a.type = ArgType::Int;
  return a;
}
constexpr Arg flag(std::string_view name, bool def, std::string_view doc = {}) {
  Arg a = num(name, def ? 1 : 0, 0, 1, doc);
  a.type = ArgType::Bool;
  return a;
}
constexpr Arg word(std::string_view name, std::span<const std::string_view> words, std::string_view doc = {}) {
  Arg a;
  a.name = name;
  a.type = ArgType::Word;
  a.words = words;
  a.doc = doc;
  return a;
}
constexpr Arg text(std::string_view name, ArgType type, std::string_view doc = {}) {
  Arg a;
  a.name = name;
  a.type = type;
  a.doc = doc;
  return a;
}
// Modifiers: an open bound, a doc, how the default is shown when it is not a number.
constexpr Arg open_min(Arg a, std::string_view doc = {}) {
  a.min_open = true;
  if (!doc.empty()) a.doc = doc;
  return a;
}
constexpr Arg open_max(Arg a, std::string_view doc = {}) {
  a.max_open = true;
  if (!doc.empty()) a.doc = doc;
  return a;
}
constexpr Arg shown(Arg a, std::string_view as) {
  a.shown = as;
  return a;
}

}  // namespace xp::stdlib::args
