#pragma once
// A lexical scope for the resolver: names declared in it, in declaration
// order (suggestions prefer earlier, nearer names), and a parent.
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/symbols.h"

namespace xp {

class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}

  // The symbol `name` means here or in an enclosing scope; nullptr if none.
  const Symbol* find(const std::string& name) const {
    for (const Scope* s = this; s; s = s->parent_) {
      auto it = s->names_.find(name);
      if (it != s->names_.end()) return &it->second;
    }
    return nullptr;
  }
  // Declared in this scope itself (not a parent)?
  const Symbol* own(const std::string& name) const {
    auto it = names_.find(name);
    return it == names_.end() ? nullptr : &it->second;
  }
  void add(const std::string& name, Symbol symbol) {
    if (names_.emplace(name, std::move(symbol)).second) order_.push_back(name);
  }
  // Every visible name, innermost scope first: candidates for "did you mean".
  void collect(std::vector<std::string>& out) const {
    for (const Scope* s = this; s; s = s->parent_)
      out.insert(out.end(), s->order_.begin(), s->order_.end());
  }

 private:
  const Scope* parent_;
  std::unordered_map<std::string, Symbol> names_;
  std::vector<std::string> order_;
};

}  // namespace xp
