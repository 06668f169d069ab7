// Expression rules of the shape pass. Shapes are per example; `batched`
// says the value also carries the batch axis at run time.
//
//   broadcasting (+ - * / ^, comparisons): align the two shapes from the
//     right; each pair of dimensions must be equal or one of them 1, a
//     missing axis counts as 1 (so a scalar goes with anything and a bias
//     [H] goes with [H] or [N, H]); batched if either operand is.
//   a @ b: [n] @ [n, m] → [m]; [k, n] @ [n, m] → [k, m]; [k, n] @ [n] → [k];
//     [n] @ [n] → []; scalars are rejected; more axes: shapes_sequence.cpp.
//   sum/mean/max(x): all axes of an example → []; with axis: k (from 0,
//     negative from the end) that axis is removed.
//   concat(a, b, ..., axis: k): ranks equal, other dimensions equal, the
//     joined axis is the sum (default: the last axis).
//   activations, dropout: the argument's shape; softmax, log_softmax too,
//     with `axis:` one of its axes (shapes_sequence.cpp).
//   penalties (l1, l2): a scalar. Losses: shapes_train.cpp.
#include <algorithm>

#include <fmt/format.h>

#include "base/plural.h"
#include "compiler/passes/shape_checker.h"

namespace xp::shapes {
namespace {

bool is_one(const ir::Dim& d) { return d.is_const() && d.constant == 1; }

}  // namespace

const TensorType& Checker::type_of(ast::ExprId id) const {
  static const TensorType none = unknown();
  auto it = f_.types.find(id);
  return it == f_.types.end() ? none : it->second;
}

// Post-order over the expression with an explicit stack, so a long chain of
// sums cannot exhaust the call stack.
TensorType Checker::infer(ast::ExprId root) {
  std::vector<std::pair<ast::ExprId, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [id, expanded] = stack.back();
    stack.pop_back();
    if (expanded) {
      f_.types[id] = node_type(id);
      continue;
    }
    stack.push_back({id, true});
    const auto& node = p_.expr(id).node;
    if (auto* u = std::get_if<ast::Unary>(&node)) stack.push_back({u->operand, false});
    if (auto* b = std::get_if<ast::Binary>(&node)) stack.insert(stack.end(), {{b->rhs, false}, {b->lhs, false}});
    if (auto* c = std::get_if<ast::Call>(&node))
      for (auto it = c->args.rbegin(); it != c->args.rend(); ++it) stack.push_back({it->value, false});
    if (auto* ix = std::get_if<ast::Index>(&node)) stack.push_back({ix->base, false});
  }
  return type_of(root);
}

std::optional<long long> Checker::constant_int(ast::ExprId id) const {
  const auto& e = p_.expr(id);
  if (auto* n = std::get_if<ast::Number>(&e.node); n && n->is_int) return static_cast<long long>(n->value);
  if (auto* u = std::get_if<ast::Unary>(&e.node); u && u->op == ast::UnaryOp::Neg)
    if (auto v = constant_int(u->operand)) return -*v;
  return std::nullopt;
}

TensorType Checker::node_type(ast::ExprId id) {
  const ast::Expr& e = p_.expr(id);
  if (std::holds_alternative<ast::Number>(e.node)) return scalar();
  if (std::holds_alternative<ast::String>(e.node)) {
    if (ctx_ && (ctx_->model || ctx_->train)) d_.report(diag::string_in_model(e.span));  // `print "a"` is fine
    return unknown();
  }
  if (std::holds_alternative<ast::Name>(e.node) || std::holds_alternative<ast::Member>(e.node)) return name_type(id);
  if (auto* u = std::get_if<ast::Unary>(&e.node)) return type_of(u->operand);
  if (auto* b = std::get_if<ast::Binary>(&e.node)) {
    const TensorType &l = type_of(b->lhs), &r = type_of(b->rhs);
    if (b->op == ast::BinaryOp::MatMul) return matmul(e.span, l, r);
    return broadcast(e.span, ast::to_string(b->op), l, r);
  }
  if (auto* c = std::get_if<ast::Call>(&e.node)) {
    const Symbol* s = r_.at(c->callee);
    if (!s) return unknown();
    if (s->kind == Symbol::Kind::Model) return model_call(id, *c, s->name);
    if (s->kind == Symbol::Kind::Builtin) return builtin_call(id, *c, stdlib::all()[static_cast<size_t>(s->index)]);
    if (s->kind == Symbol::Kind::Hyper) {  // act(x) with act ~ choice(relu, tanh): every choice is elementwise-like
      if (ctx_ && (ctx_->model || ctx_->train)) require_active(*s, p_.expr(c->callee).span, /*size=*/false);
      const ir::HyperDomain* h = f_.space.find(s->name);
      const ir::Value* first = h && !h->choices.empty() ? &h->choices.front() : (h ? &h->fixed : nullptr);
      const stdlib::Builtin* b = first ? stdlib::find(first->text) : nullptr;
      return b ? builtin_call(id, *c, *b) : unknown();
    }
    return unknown();
  }
  if (auto* ix = std::get_if<ast::Index>(&e.node)) return index(e.span, *ix, type_of(ix->base));
  return unknown();
}

TensorType Checker::name_type(ast::ExprId id) {
  const Symbol* s = r_.at(id);
  if (!s || !ctx_) return unknown();
  std::string bare = s->name.substr(s->name.rfind('.') + 1);
  switch (s->kind) {
    case Symbol::Kind::Input:
      if (ctx_->shapes)
        for (const auto& in : ctx_->shapes->inputs)
          if (in.name == bare) {
            if (ctx_->shapes->unsized.count(bare)) return unknown();
            return in.is_int ? scalar() : TensorType{in.shape, true, true};
          }
      return unknown();
    case Symbol::Kind::Param: return param_path_type(*s);
    case Symbol::Kind::Local: {
      auto it = ctx_->locals.find(bare);
      return it == ctx_->locals.end() ? unknown() : it->second;
    }
    case Symbol::Kind::Batch:
      if (!ctx_->train) return unknown();
      return s->index == 0 ? ctx_->train->x : ctx_->train->y;
    case Symbol::Kind::Hyper:
      if (ctx_->model || ctx_->train) require_active(*s, p_.expr(id).span, /*size=*/false);
      return scalar();
    case Symbol::Kind::DimSymbol:
      if (is_train_vocab(*s) && !train_vocab(p_.expr(id).span)) return unknown();
      return scalar();
    case Symbol::Kind::Builtin: return scalar();
    default: return unknown();
  }
}

// mlp.W1, or mlp.block1.W through the call site `block1`: the param's shape
// carried out to the root model's symbols through each site's binding.
TensorType Checker::param_path_type(const Symbol& s) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t dot = s.name.find('.', start);
    parts.push_back(s.name.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts.size() < 2) return unknown();
  auto shapes_of = [&](const std::string& model) -> const ModelShapes* {
    if (ctx_ && ctx_->shapes && ctx_->shapes->name == model) return ctx_->shapes;
    auto it = f_.models.find(model);
    return it == f_.models.end() ? nullptr : &it->second;
  };
  const ModelShapes* cur = shapes_of(parts[0]);
  std::vector<const CallFacts*> path;
  for (size_t i = 1; cur && i + 1 < parts.size(); ++i) {
    auto site = cur->sites.find(parts[i]);
    if (site == cur->sites.end()) return unknown();
    path.push_back(&site->second);
    cur = shapes_of(site->second.callee);
  }
  if (!cur) return unknown();
  for (const auto& param : cur->params) {
    if (param.name != parts.back()) continue;
    if (cur->unsized.count(param.name)) return unknown();
    TensorType t{param.shape, false, true};
    for (auto it = path.rbegin(); it != path.rend(); ++it)
      for (auto& d : t.shape)
        d = d.substitute([&](const std::string& sym) -> std::optional<ir::Dim> {
          auto b = (*it)->binding.find(sym);
          return b == (*it)->binding.end() ? std::nullopt : std::optional<ir::Dim>(b->second);
        });
    return t;
  }
  return unknown();
}

TensorType Checker::broadcast(Span at, const std::string& op, const TensorType& a, const TensorType& b) {
  if (!a.known || !b.known) return unknown();
  TensorType out;
  out.batched = a.batched || b.batched;
  size_t n = std::max(a.shape.size(), b.shape.size());
  out.shape.resize(n);
  for (size_t k = 0; k < n; ++k) {  // k counts from the right
    bool has_a = k < a.shape.size(), has_b = k < b.shape.size();
    const ir::Dim* da = has_a ? &a.shape[a.shape.size() - 1 - k] : nullptr;
    const ir::Dim* db = has_b ? &b.shape[b.shape.size() - 1 - k] : nullptr;
    ir::Dim& slot = out.shape[n - 1 - k];
    if (!da || is_one(*da)) { slot = db ? *db : *da; continue; }
    if (!db || is_one(*db)) { slot = *da; continue; }
    if (auto fail = prover_.equal(*da, *db)) {
      d_.report(diag::broadcast_mismatch(at, op, ir::shape_str(a.shape), ir::shape_str(b.shape), when_text(*fail)));
      return unknown();
    }
    slot = *da;
  }
  return out;
}

TensorType Checker::matmul(Span at, const TensorType& a, const TensorType& b) {
  if (!a.known || !b.known) return unknown();
  if (a.shape.empty() || b.shape.empty()) {
    d_.report(diag::matmul_rank(at, ir::shape_str(a.shape), ir::shape_str(b.shape)));
    return unknown();
  }
  if (a.shape.size() > 2 || b.shape.size() > 2) return batched_matmul(at, a, b);  // shapes_sequence.cpp
  const ir::Dim& inner_a = a.shape.back();
  const ir::Dim& inner_b = b.shape.front();
  if (auto fail = prover_.equal(inner_a, inner_b)) {
    std::string l = fail->when.empty() ? inner_a.str() : fmt::format("{} = {}", inner_a.str(), fail->lhs);
    std::string r = fail->when.empty() ? inner_b.str() : fmt::format("{} = {}", inner_b.str(), fail->rhs);
    if (inner_a.is_const()) l = inner_a.str();
    if (inner_b.is_const()) r = inner_b.str();
    d_.report(diag::matmul_mismatch(at, ir::shape_str(a.shape), ir::shape_str(b.shape), l, r, when_text(*fail)));
    return unknown();
  }
  TensorType out;
  out.batched = a.batched || b.batched;
  out.shape.assign(a.shape.begin(), a.shape.end() - 1);
  out.shape.insert(out.shape.end(), b.shape.begin() + 1, b.shape.end());
  return out;
}

TensorType Checker::builtin_call(ast::ExprId id, const ast::Call& call, const stdlib::Builtin& b) {
  Span at = p_.expr(id).span;
  std::vector<TensorType> args;
  for (const auto& a : call.args)
    if (a.name.empty()) args.push_back(type_of(a.value));
  for (const auto& t : args)
    if (!t.known) return unknown();
  using R = stdlib::ShapeRule;
  switch (b.shape) {
    case R::Elementwise: return args.empty() ? unknown() : args.front();
    case R::Rowwise: return args.empty() ? unknown() : rowwise(call, std::string(b.name), args.front());
    case R::Reduce: return args.empty() ? unknown() : reduce(at, call, std::string(b.name), args.front());
    case R::Concat: return concat(at, call, std::move(args));
    case R::Loss: return loss_call(id, call, b);
    case R::Penalty: return scalar();
    case R::Conv: return conv2d(at, call, args);
    case R::Pool: return args.empty() ? unknown() : pool(at, call, std::string(b.name), args.front());
    case R::GlobalPool: return args.empty() ? unknown() : global_pool(at, std::string(b.name), args.front());
    case R::Flatten: return args.empty() ? unknown() : flatten(args.front());
    case R::Reshape: return args.empty() ? unknown() : reshape(at, call, args.front());
    case R::Conv1d: return conv1d(at, call, args);
    case R::Transpose: return args.empty() ? unknown() : transpose(at, args.front());
    case R::Permute: return args.empty() ? unknown() : permute(at, call, args.front());
    case R::Attention: return attention(at, args);
    case R::LayerNorm: return layer_norm(at, std::string(b.name), args);
    case R::Gather: return gather(at, call, args);
    case R::MaskedMean: return masked_mean(at, args);
    case R::None: break;
  }
  if (b.category == stdlib::Category::Math || b.category == stdlib::Category::Constant) {
    TensorType out = scalar();
    for (const auto& t : args) {
      out = broadcast(at, std::string(b.name), out, t);
      if (!out.known) break;
    }
    return out;
  }
  return unknown();
}

TensorType Checker::reduce(Span at, const ast::Call& call, const std::string& fn, const TensorType& x) {
  for (const auto& a : call.args) {
    if (a.name != "axis") continue;
    auto axis = constant_int(a.value);
    if (!axis) return unknown();  // the kinds pass explains a non-constant axis
    auto rank = static_cast<long long>(x.shape.size());
    long long k = *axis < 0 ? *axis + rank : *axis;
    if (k < 0 || k >= rank) {
      d_.report(diag::axis_out_of_range(p_.expr(a.value).span, fn, *axis, x.shape.size(), ir::shape_str(x.shape)));
      return unknown();
    }
    TensorType out = x;
    out.shape.erase(out.shape.begin() + k);
    return out;
  }
  (void)at;
  return scalar(x.batched);
}

TensorType Checker::concat(Span at, const ast::Call& call, std::vector<TensorType> parts) {
  if (parts.empty()) return unknown();
  long long axis = -1;
  for (const auto& a : call.args)
    if (a.name == "axis")
      if (auto v = constant_int(a.value)) axis = *v;
  TensorType out = parts.front();
  auto rank = static_cast<long long>(out.shape.size());
  long long k = axis < 0 ? axis + rank : axis;
  if (k < 0 || k >= rank) {
    d_.report(diag::axis_out_of_range(at, "concat", axis, out.shape.size(), ir::shape_str(out.shape)));
    return unknown();
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    const TensorType& t = parts[i];
    if (t.shape.size() != out.shape.size()) {
      d_.report(diag::concat_mismatch(at, ir::shape_str(out.shape), ir::shape_str(t.shape), ""));
      return unknown();
    }
    for (size_t j = 0; j < t.shape.size(); ++j) {
      if (static_cast<long long>(j) == k) continue;
      if (auto fail = prover_.equal(out.shape[j], t.shape[j])) {
        d_.report(diag::concat_mismatch(at, ir::shape_str(parts.front().shape), ir::shape_str(t.shape), when_text(*fail)));
        return unknown();
      }
    }
    out.shape[static_cast<size_t>(k)] = out.shape[static_cast<size_t>(k)] + t.shape[static_cast<size_t>(k)];
    out.batched |= t.batched;
  }
  return out;
}

TensorType Checker::index(Span at, const ast::Index& ix, const TensorType& base) {
  if (!base.known) return unknown();
  if (ix.indices.size() > base.shape.size()) {
    d_.report(diag::bad_index(at, ir::shape_str(base.shape),
                              fmt::format("{} for {}", diag::count_of(static_cast<long long>(ix.indices.size()), "index", "indices"),
                                          diag::count_of(static_cast<long long>(base.shape.size()), "axis", "axes"))));
    return unknown();
  }
  for (size_t k = 0; k < ix.indices.size(); ++k) {
    auto v = constant_int(ix.indices[k]);
    const ir::Dim& d = base.shape[k];
    if (v && (*v < 0 || (d.is_const() && *v >= d.constant))) {
      d_.report(diag::bad_index(p_.expr(ix.indices[k]).span, ir::shape_str(base.shape),
                                fmt::format("index {} is outside axis {} of size {}", *v, k, d.str())));
      return unknown();
    }
  }
  TensorType out = base;
  out.shape.erase(out.shape.begin(), out.shape.begin() + static_cast<long>(ix.indices.size()));
  return out;
}

}  // namespace xp::shapes
