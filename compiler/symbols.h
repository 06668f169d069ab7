#pragma once
// What a name refers to: the output of the resolve pass (compiler/passes/
// resolve.h), read by the later passes and by lowering. A side table keyed
// by expression id; the AST itself is never mutated.
#include <string>
#include <unordered_map>

#include "compiler/ast.h"

namespace xp {

struct Symbol {
  enum class Kind {
    Hyper,     // a hyper (global, or scoped to a model)
    Data,      // a data set (iris)
    SplitPart, // iris.train / iris.val / iris.test (a Member expression)
    Model,     // a model (callable)
    Param,     // a learned parameter (bare inside its model/train; mlp.W1 outside)
    Input,     // a model input (tensor or int)
    Local,     // a local value inside a model
    Batch,     // x / y inside a train block
    DimSymbol, // a free shape symbol bound by data (F, C; `vocab` in a train block)
    Builtin,   // a stdlib built-in (relu, adam, accuracy, ...)
    Metric,    // val.accuracy / cv.f1 / train.loss in objectives and monitors
  } kind;
  std::string name;       // canonical: "lr", "mlp.W1", "iris.test", "val.accuracy"
  std::string owner;      // model owning a Param/Input/Local/scoped Hyper; data of a SplitPart
  int index = -1;         // param / input number in its model; statement index for top-level symbols
  Span decl;              // where it was defined (for notes: "defined here")
};

// Inside a `train` block, the size of the token data's vocabulary: a
// DimSymbol of that name, bound to the data (dim_bindings `vocab → vocab`),
// which the loss passes to the model's `int` input that sizes its embedding.
inline constexpr char kTrainVocab[] = "vocab";

struct Resolution {
  std::unordered_map<ast::ExprId, Symbol> refs;  // every Name / resolvable Member expression
  const Symbol* at(ast::ExprId id) const {
    auto it = refs.find(id);
    return it == refs.end() ? nullptr : &it->second;
  }
};

}  // namespace xp
