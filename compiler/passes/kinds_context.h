#pragma once
// Shared by the parts of the kinds pass (kinds.cpp: statements and rules 2/3;
// kinds_calls.cpp: calls and values; kinds_lists.cpp: list literals;
// settings.cpp: block settings;
// data_options.cpp: generator options): the
// program, what its names mean, and phrases describing them.
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/passes/decls.h"
#include "compiler/symbols.h"
#include "stdlib/builtins.h"

namespace xp {

struct KindContext {
  const ast::Program& program;
  const Resolution& resolution;
  Diagnostics& diags;
  Decls decls;

  KindContext(const ast::Program& p, const Resolution& r, Diagnostics& d) : program(p), resolution(r), diags(d), decls(p) {}

  const Symbol* at(ast::ExprId id) const { return id == ast::kNoExpr ? nullptr : resolution.at(id); }
  const ast::Expr& expr(ast::ExprId id) const { return program.expr(id); }

  // The declaration of a hyper symbol (top level or scoped), or nullptr.
  const ast::Hyper* hyper_decl(const Symbol& s) const;
  // The built-ins a hyper can stand for (`choice(relu, tanh)`, `= relu`);
  // empty when it holds numbers or strings.
  std::vector<const stdlib::Builtin*> picks(const Symbol& hyper) const;
  // "a model", "a hyperparameter", "an activation" ...
  std::string phrase(const Symbol& s) const;
  // Callee (or the name itself) of `optimizer = adam(lr)` / `method = tpe`.
  ast::ExprId head(ast::ExprId id) const;
  // The data set model `model` is trained on (first train block), or "".
  std::string training_data(const std::string& model) const;
};

// Calls and values inside one expression tree (kinds_calls.cpp).
void verify_calls_and_values(const KindContext& cx, ast::ExprId root);
// The options of a data generator written as literals, against their bounds (data_options.cpp).
void verify_generator_options(const KindContext& cx, ast::ExprId source);
// `sep:` of a CSV source: one of the separators stdlib/csv.h reads (data_options.cpp).
void verify_table_options(const KindContext& cx, ast::ExprId source);
// The settings of train / tune / report / split blocks (settings.cpp).
void verify_block_settings(const KindContext& cx);
// List literals where one value is expected, anywhere in the program (kinds_lists.cpp).
void verify_lists(const KindContext& cx);

}  // namespace xp
