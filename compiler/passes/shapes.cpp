// The shape pass's driver: models in call order and their sizes. Calls of
// models are in shapes_call.cpp, expression rules in shapes_expr.cpp, losses
// and the data binding in shapes_train.cpp.
#include "compiler/passes/shapes.h"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/passes/call_sites.h"
#include "compiler/passes/shape_checker.h"

namespace xp {
namespace shapes {

std::string when_text(const DimProver::Failure& f) { return f.when; }

void Checker::run() {
  for (const auto& stmt : p_.stmts)
    if (auto* m = std::get_if<ast::Model>(&stmt.node)) model_decls_.emplace(m->name, m);
  for (const auto& [name, m] : model_decls_) ensure_model(name, m->name_span);
  for (size_t i = 0; i < p_.stmts.size(); ++i)
    if (auto* t = std::get_if<ast::Train>(&p_.stmts[i].node)) check_train(i, *t);
  for (const auto& stmt : p_.stmts)
    if (auto* pr = std::get_if<ast::Print>(&stmt.node)) check_print(*pr);
}

// `print EXPR` outside any model (also how the REPL's `:shape EXPR` is typed):
// params by their path (mlp.W1), hypers and numbers, calls of built-ins and
// models. No data binds the models' free dims and integer inputs here, so
// they are generic: a fact about them must hold for any value.
void Checker::check_print(const ast::Print& p) {
  std::set<std::string> generic;
  for (const auto& [name, m] : f_.models) {
    generic.insert(m.free_dims.begin(), m.free_dims.end());
    for (const auto& in : m.inputs)
      if (in.is_int) generic.insert(in.name);
  }
  Context ctx;
  ctx_ = &ctx;
  prover_.clear();
  prover_.set_generic(std::move(generic));
  infer(p.value);
  ctx_ = nullptr;
}

// Checks a model the first time it is needed (its callees first).
const ModelShapes* Checker::ensure_model(const std::string& name, Span at) {
  if (auto it = f_.models.find(name); it != f_.models.end()) return &it->second;
  auto decl = model_decls_.find(name);
  if (decl == model_decls_.end()) return nullptr;
  if (std::find(in_progress_.begin(), in_progress_.end(), name) != in_progress_.end()) {
    std::string chain;
    for (auto it = std::find(in_progress_.begin(), in_progress_.end(), name); it != in_progress_.end(); ++it)
      chain += *it + " → ";
    d_.report(diag::recursive_model(at, chain + name));
    return nullptr;
  }
  if (in_progress_.size() >= static_cast<size_t>(ir::kMaxModelDepth)) {
    if (!depth_reported_) {
      depth_reported_ = true;
      std::string chain = fmt::format("{} → {} → … → {} → {}", in_progress_[0], in_progress_[1],
                                      in_progress_.back(), name);
      d_.report(diag::model_calls_too_deep(at, chain, static_cast<size_t>(ir::kMaxModelDepth)));
    }
    return nullptr;
  }
  in_progress_.push_back(name);
  Context* outer = ctx_;
  ModelShapes shapes;
  shapes.name = name;
  check_model(*decl->second, shapes);
  ctx_ = outer;
  in_progress_.pop_back();
  if (outer && outer->shapes) use_generic(*outer->shapes);  // back to the caller's symbols
  return &f_.models.emplace(name, std::move(shapes)).first->second;
}

// Inside a model's body its free dims and integer inputs are generic sizes.
void Checker::use_generic(const ModelShapes& m) {
  std::set<std::string> g(m.free_dims.begin(), m.free_dims.end());
  for (const auto& in : m.inputs)
    if (in.is_int) g.insert(in.name);
  prover_.clear();
  prover_.set_generic(std::move(g));
}

void Checker::check_model(const ast::Model& m, ModelShapes& out) {
  Context ctx;
  ctx.model = &m;
  ctx.shapes = &out;
  for (auto& site : call_sites(p_, m, [&](const std::string& n) { return model_decls_.count(n) > 0; }))
    ctx.site_names.emplace(site.call, std::move(site.name));
  ctx_ = &ctx;
  auto note_free = [&](const std::vector<ast::ExprId>& dims) {
    for (ast::ExprId id : dims) {
      std::vector<ast::ExprId> stack{id};
      while (!stack.empty()) {  // dimension symbols may sit inside sums (F + 1)
        ast::ExprId e = stack.back();
        stack.pop_back();
        const Symbol* s = r_.at(e);
        if (s && s->kind == Symbol::Kind::DimSymbol &&
            std::find(out.free_dims.begin(), out.free_dims.end(), s->name) == out.free_dims.end())
          out.free_dims.push_back(s->name);
        if (auto* b = std::get_if<ast::Binary>(&p_.expr(e).node)) stack.insert(stack.end(), {b->lhs, b->rhs});
        if (auto* u = std::get_if<ast::Unary>(&p_.expr(e).node)) stack.push_back(u->operand);
      }
    }
  };
  for (const auto& in : m.inputs) note_free(in.shape);
  if (m.result) note_free(*m.result);
  for (const auto& in : m.inputs) out.inputs.push_back({in.name, in.is_int, {}, in.name_span});
  use_generic(out);

  for (size_t i = 0; i < m.inputs.size(); ++i)
    if (!m.inputs[i].is_int) {
      auto shape = shape_of(m.inputs[i].shape);
      if (!shape) out.unsized.insert(m.inputs[i].name);
      out.inputs[i].shape = shape.value_or(ir::Shape{});
    }
  if (m.result) {
    out.declared_result = true;
    out.result = shape_of(*m.result).value_or(ir::Shape{});
  }
  for (const auto& item : m.items) {
    if (auto* param = std::get_if<ast::Param>(&item.node)) {
      ir::ParamSpec spec;
      spec.name = param->name;
      spec.span = item.span;
      auto shape = shape_of(param->shape);
      if (!shape) out.unsized.insert(param->name);
      spec.shape = shape.value_or(ir::Shape{});
      for (size_t k = 0; k < spec.shape.size() && k < param->shape.size(); ++k)
        require_positive(spec.shape[k], p_.expr(param->shape[k]).span);
      out.params.push_back(std::move(spec));
    } else if (auto* let = std::get_if<ast::Let>(&item.node)) {
      ctx.locals[let->name] = infer(let->value);
    } else if (auto* ret = std::get_if<ast::Return>(&item.node)) {
      TensorType t = infer(ret->value);
      if (!t.known) continue;
      if (!out.declared_result) {
        out.result = t.shape;
        continue;
      }
      Span at = p_.expr(ret->value).span;
      if (t.shape.size() != out.result.size()) {
        d_.report(diag::result_mismatch(at, m.name, ir::shape_str(out.result), ir::shape_str(t.shape), "", m.result_span));
        continue;
      }
      for (size_t k = 0; k < t.shape.size(); ++k)
        if (auto fail = prover_.equal(t.shape[k], out.result[k])) {
          d_.report(diag::result_mismatch(at, m.name, ir::shape_str(out.result), ir::shape_str(t.shape),
                                          when_text(*fail), m.result_span));
          break;
        }
    }
  }
}

std::optional<ir::Shape> Checker::shape_of(const std::vector<ast::ExprId>& dims) {
  ir::Shape s;
  for (ast::ExprId id : dims) {
    auto d = dim_of(id);
    if (!d) return std::nullopt;
    s.push_back(*d);
  }
  return s;
}

// A model (and a train loss) runs the same graph in every trial, so a hyper
// it reads must have a value in every trial: a conditional one only when its
// condition provably always holds. Reported once per hyper.
bool Checker::require_active(const Symbol& hyper, Span at, bool size) {
  const ir::HyperDomain* h = f_.space.find(hyper.name);
  if (!h || prover_.always_active(*h)) return true;
  if (inactive_reported_.insert(hyper.name).second)
    d_.report(diag::conditional_hyper_in_model(at, hyper.name, ir::to_string(*h), size));
  return false;
}

void Checker::require_positive(const ir::Dim& d, Span at) {
  if (auto fail = prover_.positive(d)) d_.report(diag::dimension_not_positive(at, d.str(), fail->lhs, fail->when));
}

// A size written in a shape or passed as an integer input: a linear
// combination of integers, data dimensions, integer hypers and inputs.
// Iterative over sums so a long chain cannot exhaust the stack.
// A size as a factor of a product in a message: a sum in parentheses, so
// `(9 - k) / 2 * (9 - k)` does not read as `… * 9 - k`.
static std::string factor_text(const ir::Dim& d) {
  size_t parts = d.terms.size() + d.atoms.size() + (d.constant != 0 ? 1 : 0);
  return parts > 1 ? "(" + d.str() + ")" : d.str();
}

std::optional<ir::Dim> Checker::dim_of(ast::ExprId root) {
  const ast::Expr& e = p_.expr(root);
  std::optional<ir::Dim> out;
  if (auto* n = std::get_if<ast::Number>(&e.node)) {
    if (!n->is_int) d_.report(diag::bad_dimension(e.span, fmt::format("{} is not an integer", n->text)));
    else if (n->value > static_cast<double>(kMaxDimension))
      d_.report(diag::bad_dimension(e.span, fmt::format("{} is larger than the largest size, 2^31", n->text)));
    else out = ir::Dim::of(static_cast<int64_t>(n->value));
  } else if (std::holds_alternative<ast::Name>(e.node) || std::holds_alternative<ast::Member>(e.node)) {
    const Symbol* s = r_.at(root);
    if (!s) return std::nullopt;  // unresolved: already reported
    switch (s->kind) {
      case Symbol::Kind::DimSymbol:
        if (is_train_vocab(*s)) out = train_vocab(e.span);
        else out = ir::Dim::sym(s->name);
        break;
      case Symbol::Kind::Input: {
        std::string bare = s->name.substr(s->name.rfind('.') + 1);
        const ModelShapes* owner = ctx_ ? ctx_->shapes : nullptr;
        bool is_int = false;
        if (owner)
          for (const auto& in : owner->inputs) is_int |= in.name == bare && in.is_int;
        if (!is_int) d_.report(diag::bad_dimension(e.span, fmt::format("`{}` is a tensor input, not a size", bare)));
        else out = ir::Dim::sym(bare);
        break;
      }
      case Symbol::Kind::Hyper: {
        const ir::HyperDomain* h = f_.space.find(s->name);
        if (!h) return std::nullopt;
        auto values = prover_.values_of(*h);
        size_t expected = h->kind == ir::HyperDomain::Kind::Choice ? h->choices.size() : 1;
        bool integer = h->kind == ir::HyperDomain::Kind::Int || (!values.empty() && values.size() == expected);
        if (!integer) d_.report(diag::dimension_hyper_not_integer(e.span, s->name, ir::to_string(*h)));
        else if (require_active(*s, e.span, /*size=*/true)) out = ir::Dim::sym(s->name);
        break;
      }
      default:
        d_.report(diag::bad_dimension(e.span, fmt::format("`{}` is not a size", s->name)));
    }
  } else if (auto* u = std::get_if<ast::Unary>(&e.node); u && u->op == ast::UnaryOp::Neg) {
    if (auto d = dim_of(u->operand)) out = d->scaled(-1);
  } else if (auto* b = std::get_if<ast::Binary>(&e.node)) {
    if (b->op == ast::BinaryOp::Add || b->op == ast::BinaryOp::Sub || b->op == ast::BinaryOp::Mul) {
      auto l = dim_of(b->lhs), r = dim_of(b->rhs);
      if (!l || !r) return std::nullopt;
      if (b->op == ast::BinaryOp::Add) out = *l + *r;
      else if (b->op == ast::BinaryOp::Sub) out = *l + r->scaled(-1);
      else if (l->is_const()) out = r->scaled(l->constant);
      else if (r->is_const()) out = l->scaled(r->constant);
      else d_.report(diag::bad_dimension(e.span, fmt::format("{} * {} is not linear in the sizes", factor_text(*l), factor_text(*r))));
    } else if (b->op == ast::BinaryOp::Div) {  // floor division: (H - k) / s + 1
      auto l = dim_of(b->lhs), r = dim_of(b->rhs);
      if (!l || !r) return std::nullopt;
      if (r->is_const() && r->constant < 1)
        d_.report(diag::bad_dimension(e.span, fmt::format("{} / {} divides by a size below 1", l->str(), r->str())));
      else if (!r->is_const() && prover_.positive(*r))
        d_.report(diag::bad_dimension(e.span, fmt::format("{} / {} may divide by a size below 1", l->str(), r->str())));
      else out = ir::Dim::floor_div(*l, *r);
    } else {
      d_.report(diag::bad_dimension(e.span, fmt::format("`{}` is not allowed in a size (only + -, * by a number and /)",
                                                        ast::to_string(b->op))));
    }
  } else {
    d_.report(diag::bad_dimension(e.span, "expected an integer expression"));
  }
  if (out) f_.dims[root] = *out;
  return out;
}

}  // namespace shapes

ShapeFacts check_shapes(const ast::Program& p, const Resolution& r, ir::SearchSpace space, DataFactsByName data,
                        Diagnostics& diags) {
  ShapeFacts facts;
  facts.space = std::move(space);
  facts.data = std::move(data);
  shapes::Checker(p, r, facts, diags).run();
  return facts;
}

}  // namespace xp
