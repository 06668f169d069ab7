#pragma once
// The arguments a built-in takes, as the checker consults them: a view of
// the structured arguments of the stdlib registry (stdlib/builtins.cpp), so
// the registry stays the one table of names, arity, types, bounds and words.
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/builtins.h"

namespace xp {

struct ArgSpec {
  std::string name;
  bool named = false;                     // may be given as `name: value`
  std::vector<std::string> alternatives;  // Word: the bare words the value may be
  const stdlib::Arg* arg = nullptr;       // its registry entry (type, default, bounds)
};

struct Signature {
  std::vector<ArgSpec> args;  // positional ones first, in order
  bool variadic = false;      // `...`
  const ArgSpec* find(std::string_view name) const;
  std::vector<std::string> names() const;
};

Signature signature_of(const stdlib::Builtin& b);

}  // namespace xp
