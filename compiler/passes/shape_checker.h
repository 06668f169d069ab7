#pragma once
// Internal to the shape pass (shapes.cpp, shapes_expr.cpp, shapes_train.cpp):
// the checker's state and its rules, split by family.
#include <functional>
#include <optional>
#include <set>

#include "compiler/diags/shapes.h"
#include "compiler/passes/dim_prover.h"
#include "compiler/passes/shapes.h"
#include "stdlib/builtins.h"

namespace xp::shapes {

class Checker {
 public:
  Checker(const ast::Program& p, const Resolution& r, ShapeFacts& facts, Diagnostics& d)
      : p_(p), r_(r), f_(facts), d_(d), prover_(facts.space) {}
  void run();

 private:
  // Where expressions are being typed: a model body or a train loss.
  struct Context {
    const ast::Model* model = nullptr;      // body being checked (nullptr in a train loss)
    ModelShapes* shapes = nullptr;          // that model's facts, or the trained model's
    TrainShapes* train = nullptr;           // set in a train loss
    std::map<std::string, TensorType> locals;
    std::map<ast::ExprId, std::string> site_names;  // each model call in the body → its site (call_sites.h)
    bool vocab_refused = false;             // E0333 is said once per train block
  };

  const ast::Program& p_;
  const Resolution& r_;
  ShapeFacts& f_;
  Diagnostics& d_;
  DimProver prover_;
  std::map<std::string, const ast::Model*> model_decls_;
  std::vector<std::string> in_progress_;     // models being checked, for recursion
  bool depth_reported_ = false;              // E0317 is said once
  std::set<std::string> inactive_reported_;  // hypers E0318 was said for
  Context* ctx_ = nullptr;

  // shapes.cpp — models, sizes, calls
  const ModelShapes* ensure_model(const std::string& name, Span at);
  void check_model(const ast::Model& m, ModelShapes& out);
  std::optional<ir::Dim> dim_of(ast::ExprId id);
  std::optional<ir::Shape> shape_of(const std::vector<ast::ExprId>& dims);
  void require_positive(const ir::Dim& d, Span at);
  bool require_active(const Symbol& hyper, Span at, bool size);
  // shapes_call.cpp — calls of models
  TensorType model_call(ast::ExprId id, const ast::Call& call, const std::string& callee);
  std::optional<std::vector<std::optional<ast::ExprId>>> call_arguments(const ast::Call& call, const ModelShapes& m,
                                                                        Span at);
  bool bind_int_inputs(const ModelShapes& m, const std::vector<std::optional<ast::ExprId>>& bound, CallFacts& facts);
  bool bind_tensor_inputs(const ModelShapes& m, const std::vector<std::optional<ast::ExprId>>& bound, CallFacts& facts,
                          bool& batched);
  void use_generic(const ModelShapes& m);

  // shapes_expr.cpp — expression rules
  TensorType infer(ast::ExprId root);
  TensorType node_type(ast::ExprId id);
  TensorType name_type(ast::ExprId id);
  TensorType param_path_type(const Symbol& s);
  TensorType broadcast(Span at, const std::string& op, const TensorType& a, const TensorType& b);
  TensorType matmul(Span at, const TensorType& a, const TensorType& b);
  TensorType builtin_call(ast::ExprId id, const ast::Call& call, const stdlib::Builtin& b);
  TensorType reduce(Span at, const ast::Call& call, const std::string& fn, const TensorType& x);
  TensorType concat(Span at, const ast::Call& call, std::vector<TensorType> parts);
  TensorType index(Span at, const ast::Index& ix, const TensorType& base);
  const TensorType& type_of(ast::ExprId id) const;
  std::optional<long long> constant_int(ast::ExprId id) const;

  // shapes_image.cpp — conv2d, pooling, flatten
  TensorType conv2d(Span at, const ast::Call& call, const std::vector<TensorType>& args);
  TensorType pool(Span at, const ast::Call& call, const std::string& fn, const TensorType& x);
  TensorType global_pool(Span at, const std::string& fn, const TensorType& x);
  TensorType flatten(const TensorType& x);
  TensorType reshape(Span at, const ast::Call& call, const TensorType& x);
  bool image_rank(Span at, const std::string& fn, const TensorType& x);
  std::optional<ir::Dim> named_size(const ast::Call& call, const std::string& name, std::optional<ir::Dim> fallback);
  bool same_padding(const ast::Call& call) const;

  // shapes_deferred.cpp — facts over generic sizes, proved where they are bound.
  // Proves the window fits (input − window ≥ 0) for every hyper value; a
  // fact over generic sizes is kept in the model's facts for its callers.
  bool check_window(const ModelShapes::WindowFact& w, Span report_at);
  // Proves a reshape keeps the count of numbers; kept like a window when generic.
  bool check_reshape(const ModelShapes::ReshapeFact& r, Span report_at);
  bool prove_callee_facts(const ModelShapes& callee, const std::function<ir::Dim(const ir::Dim&)>& subst,
                          Span call_at);
  bool prove_model_facts(const ModelShapes& model);
  std::string data_sizes_note(const std::vector<const ir::Dim*>& dims, const std::map<std::string, int64_t>& point) const;

  // shapes_sequence.cpp — conv1d, transpose, permute, attention, layer_norm, softmax's axis, `@` over leading axes
  static ir::Dim dilated(const ir::Dim& k, const std::optional<ir::Dim>& dilation);
  TensorType conv1d(Span at, const ast::Call& call, const std::vector<TensorType>& args);
  TensorType transpose(Span at, const TensorType& x);
  TensorType permute(Span at, const ast::Call& call, const TensorType& x);
  TensorType attention(Span at, const std::vector<TensorType>& args);
  TensorType masked_mean(Span at, const std::vector<TensorType>& args);
  TensorType layer_norm(Span at, const std::string& fn, const std::vector<TensorType>& args);
  TensorType rowwise(const ast::Call& call, const std::string& fn, const TensorType& x);
  TensorType batched_matmul(Span at, const TensorType& a, const TensorType& b);
  // shapes_embedding.cpp — gather(table, ids)
  TensorType gather(Span at, const ast::Call& call, const std::vector<TensorType>& args);
  // At a call of `callee`: where each of its id inputs comes from (`bound`:
  // the argument of each input). false after a diagnostic.
  bool pass_ids(const ModelShapes& callee, const std::vector<std::optional<ast::ExprId>>& bound,
                const std::function<ir::Dim(const ir::Dim&)>& subst, Span call_at);
  bool ids_from(ast::ExprId arg, const ModelShapes::IdsFact& fact, Span call_at);
  // `vocab` in a train block: the data's vocabulary as a size (known at
  // check time when the data is), bound for the runtime (dim_bindings
  // vocab → vocab). nullopt after E0333: the data holds no token ids.
  bool is_train_vocab(const Symbol& s) const;
  std::optional<ir::Dim> train_vocab(Span at);

  // shapes.cpp — `print EXPR` at the top level
  void check_print(const ast::Print& p);

  // shapes_train.cpp — losses and the data binding
  void check_train(size_t stmt_index, const ast::Train& t);
  bool trains_classifier(ast::ExprId loss, const DataFacts* data) const;
  bool bind_train_dims(const ast::Train& t, const ModelShapes& model, const DataFacts* data, TrainShapes& ts);
  bool bind_example_shape(const ast::Train& t, const ir::ModelInputSpec& input, const DataFacts& data, TrainShapes& ts);
  void metrics_fit_task(const std::string& model, const std::string& data, bool classification);
  TensorType loss_call(ast::ExprId id, const ast::Call& call, const stdlib::Builtin& b);
  bool loss_fits_task(Span at, const std::string& name);
  TensorType class_loss(Span at, Span pred_at, const std::string& name, const TensorType& pred, const DataFacts* data);
  TensorType regression_loss(Span pred_at, const std::string& name, const TensorType& pred, const DataFacts* data);
  bool is_batch_target(ast::ExprId id) const;
};

// Helpers shared by the rule files.
std::string when_text(const DimProver::Failure& f);
inline TensorType unknown() { TensorType t; t.known = false; return t; }
inline TensorType scalar(bool batched = false) { TensorType t; t.batched = batched; return t; }

}  // namespace xp::shapes
