#pragma once
// The abstract syntax tree: plain data, built once from the parse tree by
// compiler/ast_build/ and never touching ANTLR types afterwards. Expressions live
// in one arena (Ast::exprs) and refer to each other by index, so destroying a
// deeply nested tree is a flat vector free, and passes can keep side tables
// keyed by ExprId instead of mutating the tree.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ir/cmp_op.h"
#include "base/diagnostics.h"

namespace xp::ast {

using ExprId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;

// ---- expressions -----------------------------------------------------------
struct Number { double value = 0; bool is_int = false; std::string text; };  // 16, 0.5, 1e-4
struct String { std::string value; };                                      // "iris.csv" (unescaped)
struct Name { std::string name; };                                         // hidden, relu, x
struct Member { ExprId base; std::string member; Span member_span; };      // mlp.W1, val.accuracy
struct List { std::vector<ExprId> items; };                                // [5.1, 3.5], shapes
enum class UnaryOp { Neg, Not };
struct Unary { UnaryOp op; ExprId operand; };
enum class BinaryOp { Add, Sub, Mul, Div, Pow, MatMul, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
struct Binary { BinaryOp op; ExprId lhs, rhs; };
struct Arg { std::string name; Span name_span; ExprId value; };            // name empty: positional
struct Call { ExprId callee; std::vector<Arg> args; };                    // callee: Name or Member
struct Index { ExprId base; std::vector<ExprId> indices; };               // h[0]

using ExprNode = std::variant<Number, String, Name, Member, List, Unary, Binary, Call, Index>;
struct Expr { Span span; ExprNode node; };

const char* to_string(BinaryOp op);  // "+", "@", "==", ...
std::optional<CmpOp> comparison(BinaryOp op);  // ==, !=, <, <=, >, >=; nullopt for the others

// ---- statements --------------------------------------------------------------
struct Seed { int64_t value = 0; Span value_span; };
struct Import { std::string target; bool is_path = false; Span target_span; };  // std.models | "file.exp"
struct Data { std::string name; Span name_span; ExprId source; };              // data iris = csv(...)
struct Split { std::string data; Span data_span; std::vector<Arg> options; };   // split iris { train: 0.6 }
struct Preprocess { std::string op; Span op_span; ExprId target; };            // standardize iris / onehot iris.col

// hyper NAME ~ SPACE [if COND]  or  hyper NAME = VALUE [if COND]
struct Hyper {
  std::string name; Span name_span;
  bool searched = false;       // '~' (a search space) vs '=' (fixed)
  ExprId value;                // the space (a call) or the fixed value
  ExprId condition = kNoExpr;  // 'if opt == sgd'
};

// model NAME(INPUTS) -> SHAPE { ITEMS }
struct ModelInput {
  std::string name; Span name_span;
  bool is_int = false;          // 'units: int' — an integer usable in shapes
  std::vector<ExprId> shape;    // 'x: [F]' — per example, without the batch
};
struct Param { std::string name; Span name_span; std::vector<ExprId> shape; Span shape_span; ExprId init = kNoExpr; };
struct Let { std::string name; Span name_span; ExprId value; };   // h = act(x @ W1 + b1)
struct Return { ExprId value; };
// An update statement such as `lr = lr * 0.5` or `W1 += ...` where the target
// is not a fresh local: kept so the checker can explain why it is rejected.
struct Assign { ExprId target; std::string op; ExprId value; };
using ModelItemNode = std::variant<Param, Let, Return, Hyper, Assign>;
struct ModelItem { Span span; ModelItemNode node; };
struct Model {
  std::string name; Span name_span;
  std::vector<ModelInput> inputs;
  std::optional<std::vector<ExprId>> result;  // '-> [C]'
  Span result_span;
  std::vector<ModelItem> items;
  Span close_span;                            // the closing '}'
};

// Items of train / tune / report / split blocks, uniformly:
//   key = expr           (Setting, op "=")      loss = cross_entropy(...)
//   key: e1, e2, ...     (Setting, op ":")      test: accuracy, f1
//   name [expr]          (Command)              hypers / save "runs/iris"
//   call(...)            (Command with call)    stop_early(monitor: val.loss)
struct BlockItem {
  enum class Kind { Setting, Colon, Command } kind = Kind::Setting;
  std::string key; Span key_span;
  std::vector<ExprId> values;  // Setting: 1; Colon: 1+; Command: 0 or 1 (or the call itself)
  Span span;
};
struct Train { std::string model; Span model_span; ExprId data; std::vector<BlockItem> items; };
struct Tune { std::string model; Span model_span; std::vector<BlockItem> items; };  // model empty: black box
struct Report { std::string model; Span model_span; std::vector<BlockItem> items; };
struct Evaluate { std::string model; Span model_span; ExprId data; };   // evaluate mlp on iris.test
struct Save { std::string model; Span model_span; ExprId path; };
struct Print { ExprId value; };
struct ExprStmt { ExprId value; };   // REPL: any expression

using StmtNode = std::variant<Seed, Import, Data, Split, Preprocess, Hyper, Model,
                              Train, Tune, Report, Evaluate, Save, Print, ExprStmt>;
struct Stmt { Span span; StmtNode node; };

// One parsed file (or one REPL input).
struct Program {
  uint32_t file = 0;               // SourceMap id
  std::vector<Expr> exprs;         // the arena
  std::vector<Stmt> stmts;

  const Expr& expr(ExprId id) const { return exprs.at(id); }
  ExprId add(Span span, ExprNode node) {
    exprs.push_back(Expr{span, std::move(node)});
    return static_cast<ExprId>(exprs.size() - 1);
  }
};

}  // namespace xp::ast
