#pragma once
// The arguments a built-in takes, read from its signature in the stdlib
// registry (stdlib/builtins.cpp), so the registry stays the one table of
// names, arity and named arguments: "sgd(lr, momentum: 0, nesterov: false)"
// gives a positional `lr` and named `momentum`, `nesterov`;
// "csv(path, task: classification|regression)" gives `task` with the words
// it accepts.
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/builtins.h"

namespace xp {

struct ArgSpec {
  std::string name;
  bool named = false;                    // written `name: default` in the signature
  std::vector<std::string> alternatives; // `a|b|c`: the bare words the value may be
};

struct Signature {
  std::vector<ArgSpec> args;  // positional ones first, in order
  bool variadic = false;      // `...`
  const ArgSpec* find(std::string_view name) const;
  std::vector<std::string> names() const;
};

Signature signature_of(const stdlib::Builtin& b);
// Parses the text between the parentheses of a signature (exposed for tests).
Signature parse_signature(std::string_view text);

}  // namespace xp
