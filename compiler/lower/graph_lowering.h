#pragma once
// Builds an ir::Graph (SSA ops in topological order) from tensor expressions
// of a model body or a train loss. Shapes and `batched` come from the shape
// pass; each AST expression becomes at most one op (memoised), so a local
// used twice is computed once.
#include <map>
#include <string>
#include <unordered_map>

#include "compiler/ast.h"
#include "ir/ir.h"
#include "compiler/passes/shapes.h"
#include "compiler/symbols.h"

namespace xp {

class GraphLowering {
 public:
  GraphLowering(const ast::Program& p, const Resolution& r, const ShapeFacts& facts, ir::Graph& g)
      : p_(p), r_(r), f_(facts), g_(g) {}

  // The model whose inputs, params and locals bare names refer to.
  void set_model(const ModelShapes* m) { model_ = m; }
  // In a train loss: the batch's x and y types.
  void set_batch(const TensorType& x, const TensorType& y) { x_ = x; y_ = y; in_train_ = true; }
  void bind_local(const std::string& name, int op) { locals_[name] = op; }

  // The op computing `id` (and everything it needs, appended before it).
  int build(ast::ExprId id);

 private:
  const ast::Program& p_;
  const Resolution& r_;
  const ShapeFacts& f_;
  ir::Graph& g_;
  const ModelShapes* model_ = nullptr;
  TensorType x_, y_;
  bool in_train_ = false;
  std::unordered_map<ast::ExprId, int> memo_;
  std::map<std::string, int> locals_, params_, inputs_, named_;  // name → op, created once

  int op_for(ast::ExprId id);
  int name_op(ast::ExprId id);
  int call_op(ast::ExprId id, const ast::Call& c);
  int once(std::map<std::string, int>& cache, const std::string& key, ir::Op op);
  ir::Op make(ir::OpKind kind, ast::ExprId id) const;
};

}  // namespace xp
