#pragma once
// Builds small ast::Program values by hand for the checker's unit tests, with
// distinct fake spans so tests can tell which node a diagnostic points at.
#include <string>
#include <vector>

#include "compiler/ast.h"

// GCC 12 at -O3 reports the inactive members of the ast::Expr variant moved in
// Program::add as "maybe uninitialized" once these one-liners are inlined: a
// known false positive of its variant analysis (the Debug build is silent).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace xp::test {

class AstBuilder {
 public:
  ast::Program program;

  Span span() { uint32_t b = next_; next_ += 10; return Span{0, b, b + 5}; }
  ast::ExprId num(double v) { return program.add(span(), ast::Number{v, v == static_cast<int64_t>(v), ""}); }
  ast::ExprId str(std::string s) { return program.add(span(), ast::String{std::move(s)}); }
  ast::ExprId name(std::string n) { return program.add(span(), ast::Name{std::move(n)}); }
  ast::ExprId member(ast::ExprId base, std::string m) { return program.add(span(), ast::Member{base, std::move(m), span()}); }
  ast::ExprId bin(ast::BinaryOp op, ast::ExprId a, ast::ExprId b) { return program.add(span(), ast::Binary{op, a, b}); }
  ast::ExprId call(std::string fn, std::vector<ast::ExprId> args, std::vector<std::pair<std::string, ast::ExprId>> named = {}) {
    ast::Call c{name(std::move(fn)), {}};
    for (auto a : args) c.args.push_back(ast::Arg{"", {}, a});
    for (auto& [n, v] : named) c.args.push_back(ast::Arg{n, span(), v});
    return program.add(span(), std::move(c));
  }

  void stmt(ast::StmtNode node) { program.stmts.push_back(ast::Stmt{span(), std::move(node)}); }
  void hyper(std::string n, bool searched, ast::ExprId value, ast::ExprId cond = ast::kNoExpr) {
    stmt(ast::Hyper{std::move(n), span(), searched, value, cond});
  }
  void data(std::string n, ast::ExprId source) { stmt(ast::Data{std::move(n), span(), source}); }

  // model NAME(inputs) -> [result] { items }
  struct ModelB {
    AstBuilder& b;
    ast::Model m;
    ModelB& input(std::string n, std::vector<std::string> dims, bool is_int = false) {
      ast::ModelInput in{std::move(n), b.span(), is_int, {}};
      for (auto& d : dims) in.shape.push_back(b.name(d));
      m.inputs.push_back(std::move(in));
      return *this;
    }
    ModelB& result(std::vector<std::string> dims) {
      std::vector<ast::ExprId> r;
      for (auto& d : dims) r.push_back(b.name(d));
      m.result = r;
      return *this;
    }
    ModelB& param(std::string n, std::vector<std::string> dims, std::string init = "glorot") {
      ast::Param p{std::move(n), b.span(), {}, b.span(), b.name(init)};
      for (auto& d : dims) p.shape.push_back(b.name(d));
      m.items.push_back({b.span(), std::move(p)});
      return *this;
    }
    ModelB& let(std::string n, ast::ExprId v) { m.items.push_back({b.span(), ast::Let{std::move(n), b.span(), v}}); return *this; }
    ModelB& ret(ast::ExprId v) { m.items.push_back({b.span(), ast::Return{v}}); return *this; }
    ModelB& hyper(std::string n, bool searched, ast::ExprId v) {
      m.items.push_back({b.span(), ast::Hyper{std::move(n), b.span(), searched, v, ast::kNoExpr}});
      return *this;
    }
    ModelB& assign(ast::ExprId target, ast::ExprId v) { m.items.push_back({b.span(), ast::Assign{target, "=", v}}); return *this; }
    void done() { b.stmt(std::move(m)); }
  };
  ModelB model(std::string n) { ast::Model m; m.name = std::move(n); m.name_span = span(); return ModelB{*this, std::move(m)}; }

  ast::BlockItem setting(std::string key, ast::ExprId v) { return {ast::BlockItem::Kind::Setting, std::move(key), span(), {v}, span()}; }
  ast::BlockItem colon(std::string key, std::vector<ast::ExprId> v) { return {ast::BlockItem::Kind::Colon, std::move(key), span(), std::move(v), span()}; }
  ast::BlockItem command(std::string key, std::vector<ast::ExprId> v = {}) { return {ast::BlockItem::Kind::Command, std::move(key), span(), std::move(v), span()}; }
  void train(std::string model, ast::ExprId data, std::vector<ast::BlockItem> items) {
    stmt(ast::Train{std::move(model), span(), data, std::move(items)});
  }
  void tune(std::string model, std::vector<ast::BlockItem> items) { stmt(ast::Tune{std::move(model), span(), std::move(items)}); }
  void report(std::string model, std::vector<ast::BlockItem> items) { stmt(ast::Report{std::move(model), span(), std::move(items)}); }

 private:
  uint32_t next_ = 10;
};

}  // namespace xp::test

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
