#pragma once
// Shape inference and checking: every tensor expression in model bodies and
// train losses gets a per-example shape of symbolic dimensions (ir::Dim), and
// every fact a shape rule needs (inner dimensions of `@` agree, a bias has
// the right length, a loss compares like with like, a model returns what it
// declares) is PROVED for the whole search space:
//   * a dimension fed by a hyper is checked for every value of a finite
//     `choice`, and for `int` ranges by their end points (dimensions are
//     linear, so a fact true at every corner of the box is true inside it);
//     the diagnostic names the failing value ("when hidden = 48");
//   * a model's data-bound symbols (F, C) and integer inputs are generic: its
//     body must hold for any value of them;
//   * at `train`, F and C are bound to the data set's features and classes
//     (or targets), concretely when the data is readable at check time.
// The value of a top-level `print` is typed too, outside any model (params by
// path, hypers, calls), which is how the REPL's `:shape EXPR` asks for a type.
// The rules (broadcasting, matmul, reductions, concat, losses) are written
// down in docs/language.md, "Shapes". Reports E03xx (compiler/diags/shapes.h).
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast.h"
#include "compiler/data_probe.h"
#include "base/diagnostics.h"
#include "ir/ir.h"
#include "compiler/symbols.h"

namespace xp {

// The type of a tensor expression: its per-example shape and whether it
// carries the batch dimension at run time.
struct TensorType {
  ir::Shape shape;
  bool batched = false;
  bool known = true;  // false after an error: rules stay quiet instead of cascading
};

// A call of a model (inside a model or in a train loss).
struct CallFacts {
  std::string callee;
  std::string site;                 // the local it is assigned to, else <callee>_<n>; "" in a train loss
  std::vector<ir::Dim> dim_args;    // the callee's int inputs, in the caller's symbols
  std::map<std::string, ir::Dim> binding;  // callee symbol → caller dim (int inputs and free dims)
};

struct ModelShapes {
  std::string name;
  std::vector<ir::ModelInputSpec> inputs;   // tensor shapes in the model's own symbols
  ir::Shape result;                         // declared (or, if none, the inferred return shape)
  bool declared_result = false;
  std::vector<ir::ParamSpec> params;        // shapes only; initializers are lowering's
  std::vector<std::string> free_dims;       // F, C: bound by data (or by a caller's arguments)
  std::map<std::string, CallFacts> sites;   // site name → call
  std::set<std::string> unsized;            // params and inputs whose shape had an error: typed unknown
  // Windows whose fit depends on generic sizes (an image [H, W, C] input):
  // proved again at every call and at `train`, where the sizes are bound.
  // A window that fits some sizes but not the smallest (a constant 3 × 3
  // kernel over a generic H) is such a fact too: it holds for H ≥ 3.
  struct WindowFact {
    std::string fn, axis;  // "max_pool", "height"
    ir::Dim input;         // the size the window slides over
    ir::Dim window;        // the window's extent along it
    Span at;
    std::string model;     // the model whose body holds the op
    Span site;             // where it enters the model holding this fact: the op, or the call that brought it
  };
  std::vector<WindowFact> windows;
  // A reshape of a generic size (`reshape(x, shape: [8, 8, 1])` on x: [F]):
  // the numbers must match (F = 64), which the sizes a call or the data
  // give decide. Proved where they are bound, like the windows.
  struct ReshapeFact {
    ir::Dim have, want;    // the input's size and the new shape's
    ir::Shape from, to;    // the shapes, for the message
    Span at;
    std::string model;
    Span site;
  };
  std::vector<ReshapeFact> reshapes;
  // Inputs read as token ids by gather (std.models' embedding), with the
  // rows of the table they index: at every call the argument must be the
  // caller's input or the batch's x, and at `train` the data's ids must be
  // token ids that every table covers (shapes_embedding.cpp).
  struct IdsFact {
    std::string input;     // the input holding the ids
    ir::Dim rows;          // the table's rows (its vocabulary)
    Span at;               // the gather
    std::string model;     // the model whose body holds it
  };
  std::vector<IdsFact> ids;
};

struct TrainShapes {
  std::string model, data;
  bool classification = true;               // from the loss (cross_entropy...) or the data
  TensorType x, y;                          // the batch as the loss sees it
  std::map<std::string, std::string> dim_bindings;  // F → features, C → classes | targets
};

struct ShapeFacts {
  ir::SearchSpace space;                    // the hypers whose values dims range over
  DataFactsByName data;
  std::unordered_map<ast::ExprId, TensorType> types;  // tensor expressions (and top-level print values)
  std::unordered_map<ast::ExprId, ir::Dim> dims;      // expressions written in shapes / int arguments
  std::unordered_map<ast::ExprId, CallFacts> calls;   // model calls
  std::map<std::string, ModelShapes> models;
  std::map<size_t, TrainShapes> trains;               // by statement index
};

// `space` is the script's search space as lowered (lower_space): the shape
// pass proves dimensions over it and never lowers anything itself.
ShapeFacts check_shapes(const ast::Program& p, const Resolution& r, ir::SearchSpace space, DataFactsByName data,
                        Diagnostics& diags);

}  // namespace xp
