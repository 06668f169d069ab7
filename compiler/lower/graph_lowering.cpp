#include "compiler/lower/graph_lowering.h"

#include <numbers>
#include <stdexcept>

#include "compiler/lower/lower.h"
#include "stdlib/builtins.h"

namespace xp {
namespace {

[[noreturn]] void bug(const char* what) {
  throw std::logic_error(std::string("internal error: this is a bug in exp (lowering: ") + what + ")");
}

ir::OpKind binary_kind(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Add: return ir::OpKind::Add;
    case ast::BinaryOp::Sub: return ir::OpKind::Sub;
    case ast::BinaryOp::Mul: return ir::OpKind::Mul;
    case ast::BinaryOp::Div: return ir::OpKind::Div;
    case ast::BinaryOp::Pow: return ir::OpKind::Pow;
    case ast::BinaryOp::MatMul: return ir::OpKind::MatMul;
    default: return ir::OpKind::Builtin;  // a comparison: an elementwise built-in named by its operator
  }
}

}  // namespace

ir::Op GraphLowering::make(ir::OpKind kind, ast::ExprId id) const {
  ir::Op op;
  op.kind = kind;
  op.span = p_.expr(id).span;
  if (auto it = f_.types.find(id); it != f_.types.end()) {
    op.shape = it->second.shape;
    op.batched = it->second.batched;
  }
  return op;
}

int GraphLowering::once(std::map<std::string, int>& cache, const std::string& key, ir::Op op) {
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  int at = g_.add(std::move(op));
  cache[key] = at;
  return at;
}

// Post-order with an explicit stack (long sums must not exhaust the stack).
int GraphLowering::build(ast::ExprId root) {
  std::vector<std::pair<ast::ExprId, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [id, expanded] = stack.back();
    stack.pop_back();
    if (memo_.count(id)) continue;
    if (expanded) {
      memo_[id] = op_for(id);
      continue;
    }
    stack.push_back({id, true});
    const auto& node = p_.expr(id).node;
    if (auto* u = std::get_if<ast::Unary>(&node)) stack.push_back({u->operand, false});
    if (auto* b = std::get_if<ast::Binary>(&node)) stack.insert(stack.end(), {{b->rhs, false}, {b->lhs, false}});
    if (auto* c = std::get_if<ast::Call>(&node)) {
      const Symbol* s = r_.at(c->callee);
      bool model = s && s->kind == Symbol::Kind::Model;
      const ModelShapes* callee = model ? &f_.models.at(s->name) : nullptr;
      size_t next = 0;
      std::vector<ast::ExprId> tensors;
      for (const auto& a : c->args) {
        if (!callee) {  // a built-in's named argument is an attribute, not an operand
          if (a.name.empty()) tensors.push_back(a.value);
          continue;
        }
        size_t k = a.name.empty() ? next++ : callee->inputs.size();
        for (size_t i = 0; i < callee->inputs.size() && !a.name.empty(); ++i)
          if (callee->inputs[i].name == a.name) k = i;
        if (k < callee->inputs.size() && !callee->inputs[k].is_int) tensors.push_back(a.value);  // an int input is a size
      }
      for (auto it = tensors.rbegin(); it != tensors.rend(); ++it) stack.push_back({*it, false});
    }
    if (auto* ix = std::get_if<ast::Index>(&node)) stack.push_back({ix->base, false});
  }
  return memo_.at(root);
}

int GraphLowering::op_for(ast::ExprId id) {
  const ast::Expr& e = p_.expr(id);
  if (auto* n = std::get_if<ast::Number>(&e.node)) {
    ir::Op op = make(ir::OpKind::Const, id);
    op.value = n->value;
    return g_.add(std::move(op));
  }
  if (std::holds_alternative<ast::Name>(e.node) || std::holds_alternative<ast::Member>(e.node)) return name_op(id);
  if (auto* u = std::get_if<ast::Unary>(&e.node)) {
    ir::Op op = make(u->op == ast::UnaryOp::Neg ? ir::OpKind::Neg : ir::OpKind::Builtin, id);
    if (u->op == ast::UnaryOp::Not) op.name = "not";
    op.args = {memo_.at(u->operand)};
    return g_.add(std::move(op));
  }
  if (auto* b = std::get_if<ast::Binary>(&e.node)) {
    ir::Op op = make(binary_kind(b->op), id);
    if (op.kind == ir::OpKind::Builtin) op.name = ast::to_string(b->op);
    op.args = {memo_.at(b->lhs), memo_.at(b->rhs)};
    return g_.add(std::move(op));
  }
  if (auto* c = std::get_if<ast::Call>(&e.node)) return call_op(id, *c);
  if (auto* ix = std::get_if<ast::Index>(&e.node)) {
    ir::Op op = make(ir::OpKind::Builtin, id);
    op.name = "index";
    op.args = {memo_.at(ix->base)};
    for (ast::ExprId i : ix->indices) op.attrs.push_back({"", lower_hexpr(p_, r_, i), p_.expr(i).span});
    return g_.add(std::move(op));
  }
  bug("an expression kind the shape pass accepted");
}

int GraphLowering::name_op(ast::ExprId id) {
  const Symbol* s = r_.at(id);
  if (!s) bug("an unresolved name");
  std::string bare = s->name.substr(s->name.rfind('.') + 1);
  switch (s->kind) {
    case Symbol::Kind::Local: {
      auto it = locals_.find(bare);
      if (it == locals_.end()) bug("a local used before its definition");
      return it->second;
    }
    case Symbol::Kind::Input: {
      int tensor_index = 0;
      if (model_)
        for (const auto& in : model_->inputs) {
          if (in.name == bare && !in.is_int) {
            ir::Op op = make(ir::OpKind::Input, id);
            op.name = bare;
            op.index = tensor_index;
            return once(inputs_, bare, std::move(op));
          }
          if (in.name == bare) break;  // an int input used as a value: a size
          tensor_index += in.is_int ? 0 : 1;
        }
      ir::Op op = make(ir::OpKind::Hyper, id);
      op.name = bare;
      return once(named_, "size:" + bare, std::move(op));
    }
    case Symbol::Kind::Param: {
      // Relative to the root model: "W1", or "block1.W" through a call site.
      std::string path = s->name.substr(s->name.find('.') + 1);
      ir::Op op = make(ir::OpKind::Param, id);
      op.name = path;
      op.index = s->index;
      return once(params_, path, std::move(op));
    }
    case Symbol::Kind::Batch: {
      ir::Op op = make(s->index == 0 ? ir::OpKind::Input : ir::OpKind::Target, id);
      op.name = s->index == 0 ? "x" : "y";
      op.index = 0;
      const TensorType& t = s->index == 0 ? x_ : y_;
      op.shape = t.shape;
      op.batched = true;
      std::string key = op.name;  // copied: `op` is moved below
      return once(inputs_, key, std::move(op));
    }
    case Symbol::Kind::Hyper: case Symbol::Kind::DimSymbol: {
      ir::Op op = make(ir::OpKind::Hyper, id);
      op.name = s->name;
      return once(named_, s->name, std::move(op));
    }
    case Symbol::Kind::Builtin:
      if (s->name == "pi" || s->name == "e") {
        ir::Op op = make(ir::OpKind::Const, id);
        op.value = s->name == "pi" ? std::numbers::pi : std::numbers::e;
        return g_.add(std::move(op));
      }
      break;
    default: break;
  }
  bug("a name that is not a tensor");
}

int GraphLowering::call_op(ast::ExprId id, const ast::Call& c) {
  const Symbol* s = r_.at(c.callee);
  if (!s) bug("an unresolved call");
  if (s->kind == Symbol::Kind::Model) {
    const ModelShapes& callee = f_.models.at(s->name);
    const CallFacts& facts = f_.calls.at(id);
    ir::Op op = make(ir::OpKind::CallModel, id);
    op.name = s->name;
    op.site = in_train_ ? "" : facts.site;  // a train loss calls the root model
    op.dim_args = facts.dim_args;
    std::vector<int> by_input(callee.inputs.size(), -1);
    size_t next = 0;
    for (const auto& a : c.args) {
      size_t k = next;
      if (a.name.empty()) ++next;
      else
        for (size_t i = 0; i < callee.inputs.size(); ++i)
          if (callee.inputs[i].name == a.name) k = i;
      if (k < callee.inputs.size() && !callee.inputs[k].is_int) by_input[k] = memo_.at(a.value);
    }
    for (size_t i = 0; i < callee.inputs.size(); ++i)
      if (!callee.inputs[i].is_int) op.args.push_back(by_input[i]);
    return g_.add(std::move(op));
  }
  ir::Op op = make(ir::OpKind::Builtin, id);
  if (s->kind == Symbol::Kind::Hyper) op.fn_hyper = s->name;
  else op.name = s->name;
  const stdlib::Builtin* entry = s->kind == Symbol::Kind::Builtin ? &stdlib::all()[s->index] : nullptr;
  for (const auto& a : c.args) {
    const stdlib::Arg* spec = entry && !a.name.empty() ? entry->arg(a.name) : nullptr;
    if (spec && spec->type == stdlib::ArgType::Shape) continue;  // reshape's target: it is the op's shape
    if (spec && spec->type == stdlib::ArgType::Axes) {            // permute's order: one `axis` per item
      if (auto* list = std::get_if<ast::List>(&p_.expr(a.value).node))
        for (ast::ExprId item : list->items) op.attrs.push_back({"axis", lower_hexpr(p_, r_, item), p_.expr(item).span});
      continue;
    }
    if (a.name.empty()) op.args.push_back(memo_.at(a.value));
    else op.attrs.push_back({a.name, lower_hexpr(p_, r_, a.value), p_.expr(a.value).span});
  }
  return g_.add(std::move(op));
}

}  // namespace xp
