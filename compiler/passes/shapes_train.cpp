// Train blocks: the data binding and the losses.
//   * the model's first input `x: [F]` takes the data's features: a lone
//     symbol F is bound to them (dim_bindings F → features); a fixed size must
//     equal them when the data is known at check time;
//   * a lone result symbol C is bound to the classes (classification) or the
//     targets (regression); which one is decided by the loss;
//   * cross_entropy(logits, y): logits [K] per example, K = number of classes;
//     binary_cross_entropy / hinge: one logit ([] or [1]) and two classes;
//     mse / mae / huber(pred, y): pred [] or [T], T = number of targets;
//     a loss against anything but `y` needs shapes that broadcast;
//   * the whole loss is a scalar (a per-example scalar is averaged over the batch).
#include <set>

#include <fmt/format.h>

#include "base/plural.h"
#include "compiler/diags/kinds.h"
#include "compiler/passes/decls.h"
#include "compiler/passes/shape_checker.h"
#include "base/suggest.h"
#include "stdlib/builtins.h"

namespace xp::shapes {
namespace {

// "the model gives 1 logit but `d` has 3 classes"; `logits` is a number or a size symbol.
std::string logits_vs_classes(const std::string& logits, const std::string& data, long long classes) {
  return fmt::format("the model gives {} logit{} but `{}` has {}", logits, logits == "1" ? "" : "s", data,
                     diag::count_of(classes, "class", "classes"));
}

enum class Task { Unknown, Classification, Regression };

// The task a loss implies, from its registry entry.
Task task_of_loss(std::string_view name) {
  const stdlib::Builtin* b = stdlib::find(name, stdlib::Category::Loss);
  if (!b) return Task::Unknown;
  if (b->task == stdlib::Task::Classification) return Task::Classification;
  if (b->task == stdlib::Task::Regression) return Task::Regression;
  return Task::Unknown;
}

bool lone_symbol(const ir::Shape& s, std::string& sym) {
  if (s.size() != 1 || s[0].lone_symbol().empty()) return false;
  sym = s[0].lone_symbol();
  return true;
}

}  // namespace

// Data with a per-example shape (`shape: [8, 8, 1]`, an image generator):
// the model's input has its rank, a lone symbol of it takes the size on
// its axis (the runtime binds it the same way: instantiate.cpp, set_root),
// and a written size must equal it.
bool Checker::bind_example_shape(const ast::Train& t, const ir::ModelInputSpec& input, const DataFacts& data,
                                 TrainShapes& ts) {
  std::string example = "[";
  for (size_t a = 0; a < data.shape.size(); ++a) example += (a ? ", " : "") + std::to_string(data.shape[a]);
  example += "]";
  auto mismatch = [&](const std::string& when) {
    d_.report(diag::data_shape_mismatch(t.model_span, t.model, ir::shape_str(input.shape), ts.data, example,
                                        data.origin, when));
    return false;
  };
  if (input.shape.size() != data.shape.size()) return mismatch("");
  std::set<std::string> bound;
  for (size_t a = 0; a < data.shape.size(); ++a) {
    const ir::Dim& dim = input.shape[a];
    const std::string lone = dim.lone_symbol();
    if (!lone.empty() && bound.insert(lone).second) {
      prover_.set_known(lone, data.shape[a]);
      continue;
    }
    if (auto fail = prover_.equal(dim, ir::Dim::of(data.shape[a]))) return mismatch(when_text(*fail));
  }
  return true;
}

bool Checker::is_batch_target(ast::ExprId id) const {
  const Symbol* s = r_.at(id);
  return s && s->kind == Symbol::Kind::Batch && s->index == 1;
}

// Whether a train block's loss classifies: its first loss built-in decides;
// none (a loss of the model's own making) falls back on the data's task.
bool Checker::trains_classifier(ast::ExprId loss, const DataFacts* data) const {
  Task task = Task::Unknown;
  std::vector<ast::ExprId> stack;
  if (loss != ast::kNoExpr) stack.push_back(loss);
  while (!stack.empty() && task == Task::Unknown) {
    ast::ExprId e = stack.back();
    stack.pop_back();
    const auto& node = p_.expr(e).node;
    if (auto* c = std::get_if<ast::Call>(&node)) {
      if (const Symbol* s = r_.at(c->callee); s && s->kind == Symbol::Kind::Builtin) task = task_of_loss(s->name);
      for (const auto& a : c->args) stack.push_back(a.value);
    }
    if (auto* b = std::get_if<ast::Binary>(&node)) stack.insert(stack.end(), {b->rhs, b->lhs});
    if (auto* u = std::get_if<ast::Unary>(&node)) stack.push_back(u->operand);
  }
  if (task != Task::Unknown) return task == Task::Classification;
  return !data || data->classification;
}

// The model's first tensor input reads the data's features (or its
// per-example shape), its declared result the classes or targets; the
// target y is one class index, or [targets] numbers. False after an error.
bool Checker::bind_train_dims(const ast::Train& t, const ModelShapes& model, const DataFacts* data, TrainShapes& ts) {
  const ir::ModelInputSpec* input = nullptr;
  for (const auto& in : model.inputs)
    if (!in.is_int && !input) input = &in;
  std::string sym;
  if (input) {
    ts.x = TensorType{input->shape, true, true};
    if (data && !data->shape.empty()) {
      if (!bind_example_shape(t, *input, *data, ts)) return false;
    } else if (lone_symbol(input->shape, sym)) {
      ts.dim_bindings[sym] = "features";
      if (data) prover_.set_known(sym, data->features);
    } else if (data && (input->shape.size() != 1 || prover_.equal(input->shape[0], ir::Dim::of(data->features)))) {
      d_.report(diag::data_mismatch(t.model_span, t.model, ir::shape_str(input->shape), ts.data, data->features,
                                    data->origin));
      return false;
    }
  }
  if (data && data->vocab > 0) prover_.set_known(kTrainVocab, data->vocab);  // `vocab`, when the loss names it
  std::string result_sym;
  if (lone_symbol(model.result, result_sym) && !ts.dim_bindings.count(result_sym)) {
    ts.dim_bindings[result_sym] = ts.classification ? "classes" : "targets";
    if (data) prover_.set_known(result_sym, ts.classification ? data->classes : data->targets);
  }
  if (ts.classification) {
    ts.y = scalar(true);  // one class index per example
  } else {
    ir::Dim targets = data ? ir::Dim::of(data->targets)
                           : (!result_sym.empty() ? ir::Dim::sym(result_sym) : ir::Dim::of(1));
    ts.y = TensorType{{targets}, true, true};
  }
  return true;
}

void Checker::check_train(size_t stmt_index, const ast::Train& t) {
  if (!ensure_model(t.model, t.model_span)) return;
  ModelShapes& model = f_.models.at(t.model);
  TrainShapes ts;
  ts.model = t.model;
  if (t.data != ast::kNoExpr) {
    const Symbol* s = r_.at(t.data);
    if (s) ts.data = s->kind == Symbol::Kind::SplitPart ? s->owner : s->name;
  }
  const DataFacts* data = nullptr;
  if (auto it = f_.data.find(ts.data); it != f_.data.end() && it->second.known) data = &it->second;
  ast::ExprId loss = ast::kNoExpr;
  for (const auto& item : t.items)
    if (item.key == "loss" && !item.values.empty()) loss = item.values.front();
  ts.classification = trains_classifier(loss, data);
  prover_.clear();
  if (!bind_train_dims(t, model, data, ts)) return;

  Context ctx;
  ctx.shapes = &model;
  TrainShapes& slot = f_.trains[stmt_index] = ts;
  ctx.train = &slot;
  ctx_ = &ctx;
  // Windows the model could not prove over its generic sizes, now bound to the data's.
  prove_model_facts(model);
  if (loss != ast::kNoExpr) {
    TensorType lt = infer(loss);
    if (lt.known && !lt.shape.empty()) d_.report(diag::loss_not_scalar(p_.expr(loss).span, ir::shape_str(lt.shape)));
  }
  ctx_ = nullptr;
  // A CSV's task is known here (probed from the file), not in the kinds pass,
  // which checked the metrics of data whose task the script says.
  if (data && !Decls(p_).task_of(ts.data)) metrics_fit_task(t.model, ts.data, data->classification);
}

// E0209 for the metrics a model is trained, tuned and reported with, against
// the probed task of its data.
void Checker::metrics_fit_task(const std::string& model, const std::string& data, bool classification) {
  std::string_view task = classification ? "classification" : "regression";
  auto check = [&](ast::ExprId v) {
    const Symbol* s = r_.at(v);
    if (!s || s->kind != Symbol::Kind::Metric) return;
    std::string bare = s->name.substr(s->name.rfind('.') + 1);
    const stdlib::Builtin* b = stdlib::find(bare, stdlib::Category::Metric);
    if (b && !stdlib::fits_task(b->task, task))
      d_.report(diag::metric_not_for_task(p_.expr(v).span, bare, task, data, known_list(stdlib::metrics_for(task))));
  };
  auto items = [&](const std::vector<ast::BlockItem>& list, std::initializer_list<std::string_view> keys) {
    for (const auto& item : list)
      for (auto k : keys)
        if (item.key == k)
          for (ast::ExprId v : item.values) {
            if (auto* l = std::get_if<ast::List>(&p_.expr(v).node))
              for (ast::ExprId x : l->items) check(x);
            else check(v);
          }
  };
  for (const auto& stmt : p_.stmts) {
    if (auto* t = std::get_if<ast::Train>(&stmt.node); t && t->model == model) items(t->items, {"metrics"});
    if (auto* t = std::get_if<ast::Tune>(&stmt.node); t && t->model == model) items(t->items, {"maximize", "minimize"});
    if (auto* r = std::get_if<ast::Report>(&stmt.node); r && r->model == model) items(r->items, {"test"});
  }
}

// A loss against data of the other task, or a classification loss on
// several targets: E0307 at the loss. False after reporting.
bool Checker::loss_fits_task(Span at, const std::string& name) {
  const std::string& data_name = ctx_->train->data;
  auto it = f_.data.find(data_name);
  if (it == f_.data.end()) return true;
  const DataFacts& facts = it->second;
  Task task = task_of_loss(name);
  if (facts.targets > 1 && task == Task::Classification) {  // known even when the rest is not
    d_.report(diag::loss_mismatch(at, name,
                                  fmt::format("`{}` has {} targets (`target: [...]`), each a number to predict",
                                              data_name, facts.targets),
                                  "", "use mse, mae or huber with one output per target (`-> [T]`), or classify one "
                                      "column with `target: \"col\"`"));
    return false;
  }
  if (!facts.known) return true;
  if (task == Task::Classification && !facts.classification) {
    d_.report(diag::loss_mismatch(at, name, fmt::format("`{}` has a numeric target (a regression task)", data_name),
                                  "", "use mse, mae or huber, or declare the task with csv(..., task: classification)"));
    return false;
  }
  if (task == Task::Regression && facts.classification) {
    d_.report(diag::loss_mismatch(at, name,
                                  fmt::format("`{}` has class labels (a classification task with {})", data_name,
                                              diag::count_of(facts.classes, "class", "classes")),
                                  "", "use cross_entropy for class labels, or declare the task with csv(..., task: regression) "
                                      "if the target is a quantity"));
    return false;
  }
  return true;
}

// cross_entropy: logits [C] with C the data's classes; binary_cross_entropy
// and hinge: one logit, two classes.
TensorType Checker::class_loss(Span at, Span pred_at, const std::string& name, const TensorType& pred,
                               const DataFacts* data) {
  if (name == "cross_entropy") {
    if (pred.shape.size() != 1) {
      d_.report(diag::loss_mismatch(pred_at, name, fmt::format("expects logits [C] per example, got {}", ir::shape_str(pred.shape)),
                                    "", "return one logit per class from the model"));
      return unknown();
    }
    if (data)
      if (auto fail = prover_.equal(pred.shape[0], ir::Dim::of(data->classes))) {
        d_.report(diag::loss_mismatch(pred_at, name,
                                      logits_vs_classes(fail->when.empty() ? pred.shape[0].str() : std::to_string(fail->lhs),
                                                        ctx_->train->data, data->classes),
                                      fail->when, "declare the model's result as `-> [C]` so the data binds it"));
        return unknown();
      }
    return scalar();
  }
  bool one = pred.shape.empty() || (pred.shape.size() == 1 && !prover_.equal(pred.shape[0], ir::Dim::of(1)));
  if (!one) {
    d_.report(diag::loss_mismatch(pred_at, name, fmt::format("expects one logit per example, got {}", ir::shape_str(pred.shape)),
                                  "", "return [1] from the model, or use cross_entropy for several classes"));
    return unknown();
  }
  if (data && data->classes != 2) {
    d_.report(diag::loss_mismatch(at, name, fmt::format("`{}` has {}, not 2", ctx_->train->data, diag::count_of(data->classes, "class", "classes")),
                                  "", "use cross_entropy for more than two classes"));
    return unknown();
  }
  return scalar();
}

// mse / mae / huber: one value per target column.
TensorType Checker::regression_loss(Span pred_at, const std::string& name, const TensorType& pred,
                                    const DataFacts* data) {
  const TensorType& y = ctx_->train->y;
  if (pred.shape.size() > 1 || (pred.shape.size() == 1 && y.shape.size() == 1 && prover_.equal(pred.shape[0], y.shape[0]))) {
    auto fail = pred.shape.size() == 1 ? prover_.equal(pred.shape[0], y.shape[0]) : std::nullopt;
    std::string several = data && data->targets > 1 ? fmt::format(" (`{}` has {} targets, `target: [...]`)",
                                                                   ctx_->train->data, data->targets)
                                                     : "";
    d_.report(diag::loss_mismatch(pred_at, name,
                                  fmt::format("the prediction is {} per example but the target is {}{}",
                                              ir::shape_str(pred.shape), ir::shape_str(y.shape), several),
                                  fail ? fail->when : "", "return one value per target column from the model"));
    return unknown();
  }
  return scalar();
}

TensorType Checker::loss_call(ast::ExprId id, const ast::Call& call, const stdlib::Builtin& b) {
  Span at = p_.expr(id).span;
  std::vector<ast::ExprId> args;
  for (const auto& a : call.args)
    if (a.name.empty()) args.push_back(a.value);
  if (args.size() != 2) return scalar();  // arity is the kinds pass's
  const TensorType &pred = type_of(args[0]), &target = type_of(args[1]);
  if (!pred.known || !target.known) return scalar();
  std::string name(b.name);
  if (!is_batch_target(args[1]) || !ctx_ || !ctx_->train) {
    if (!broadcast(at, name, pred, target).known) return unknown();
    return scalar();
  }
  if (!loss_fits_task(at, name)) return unknown();
  const DataFacts* data = nullptr;
  if (auto it = f_.data.find(ctx_->train->data); it != f_.data.end() && it->second.known) data = &it->second;
  Span pred_at = p_.expr(args[0]).span;
  if (name == "cross_entropy" || name == "binary_cross_entropy" || name == "hinge")
    return class_loss(at, pred_at, name, pred, data);
  return regression_loss(pred_at, name, pred, data);
}

}  // namespace xp::shapes
