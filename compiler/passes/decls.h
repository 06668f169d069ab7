#pragma once
// Where each top-level name is declared: the index every checking pass uses
// to go from a name (`mlp`, `lr`, `iris`) to its declaration. The first
// definition wins; duplicates are reported by resolve.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "compiler/ast.h"

namespace xp {

class Decls {
 public:
  explicit Decls(const ast::Program& program);

  const ast::Hyper* hyper(std::string_view name) const;  // top-level hypers only
  const ast::Model* model(std::string_view name) const;
  const ast::Data* data(std::string_view name) const;
  // Statement index of the first top-level definition of `name`, or -1.
  int stmt_of(std::string_view name) const;

  // Inside a model: its param / scoped hyper / input named `name`, or nullptr.
  static const ast::Param* param(const ast::Model& m, std::string_view name);
  static const ast::Hyper* scoped_hyper(const ast::Model& m, std::string_view name);
  static const ast::ModelInput* input(const ast::Model& m, std::string_view name);
  static int param_index(const ast::Model& m, std::string_view name);

  // "classification", "regression", or nullopt when only the data can tell
  // (a CSV without `task:`). Read from the data source expression.
  std::optional<std::string> task_of(std::string_view data) const;

  const ast::Program& program() const { return p_; }

 private:
  template <class T> const T* typed(std::string_view name) const;
  const ast::Program& p_;
  std::unordered_map<std::string, size_t> first_;
};

}  // namespace xp
