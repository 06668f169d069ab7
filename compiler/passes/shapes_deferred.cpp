// Facts a model body cannot decide over its generic sizes (an image
// [H, W, C] input, a vector [F]): whether a window fits (E0321) and
// whether a reshape keeps the count of numbers (E0322). The design rule is
// that a generic size is proved for every value it may take; a window of a
// fixed 3 × 3 over H fits only H ≥ 3, and reshape(x, shape: [8, 8, 1]) on
// [F] only F = 64. Such a fact is a condition of the model on its sizes,
// not an error: it is kept with the model (ModelShapes::windows / reshapes)
// and proved again at every call, with the sizes the call gives, and at
// `train`, with the data's. A failure is reported there, with the values,
// and a note naming the model whose body holds the op.
#include <fmt/format.h>

#include "compiler/passes/shape_checker.h"

namespace xp::shapes {

// At `train`: the sizes of `dims` the data gave ("H = 8"), so a message
// about a generic block says where its sizes came from.
std::string Checker::data_sizes_note(const std::vector<const ir::Dim*>& dims,
                                     const std::map<std::string, int64_t>& point) const {
  if (!ctx_ || !ctx_->train) return "";
  std::set<std::string> syms;
  for (const ir::Dim* d : dims)
    for (const auto& sym : d->symbols()) syms.insert(sym);
  std::string sizes;
  for (const auto& [sym, value] : point)
    if (syms.count(sym) && !f_.space.find(sym)) sizes += fmt::format("{}{} = {}", sizes.empty() ? "" : ", ", sym, value);
  if (sizes.empty()) return "";
  return fmt::format("`train {} on {}` binds {} from the data", ctx_->train->model, ctx_->train->data, sizes);
}

// Keeps a fact the current model cannot decide, for its callers; outside a
// model (a loss over data not readable yet, `print`) it is left to run time.
template <class Fact>
static void keep_fact(Fact f, Span site, std::vector<Fact>& into, const std::string& model) {
  f.site = site;
  if (f.model.empty()) f.model = model;
  into.push_back(std::move(f));
}

bool Checker::check_window(const ModelShapes::WindowFact& w, Span report_at) {
  const ir::Dim fits = w.input + w.window.scaled(-1) + ir::Dim::of(1);  // input − window + 1 ≥ 1
  DimProver::Check c = prover_.check_positive(fits);
  const bool undecided = c.verdict == DimProver::Verdict::Unknown ||
                         (c.verdict == DimProver::Verdict::Fails && c.failure.generic);
  if (undecided) {
    if (ctx_ && ctx_->model && ctx_->shapes) keep_fact(w, report_at, ctx_->shapes->windows, ctx_->shapes->name);
    return true;
  }
  if (c.verdict == DimProver::Verdict::Holds) return true;
  const auto& point = c.failure.point;
  auto at = [&](const std::string& s) -> std::optional<int64_t> {
    auto it = point.find(s);
    return it == point.end() ? std::nullopt : std::optional<int64_t>(it->second);
  };
  const auto extent_value = w.window.eval(at);  // a dilated window's span, d·(k − 1) + 1, as one number
  const std::string k = extent_value ? fmt::format("{}", *extent_value) : w.window.str_at(point);
  const auto value = w.input.eval(at);
  std::string at_point = w.input.str_at(point);
  if (value && at_point != fmt::format("{}", *value)) at_point += fmt::format(" = {}", *value);
  const std::string extent = w.axis == "length" ? k + "-position" : k + " × " + k;  // conv1d's window is one axis
  Diagnostic d = diag::window_too_large(report_at, w.fn, extent, w.axis, w.input.str(), at_point, c.failure.when);
  const bool elsewhere = report_at.file != w.at.file || report_at.begin != w.at.begin;
  if (!w.model.empty() && elsewhere) d.notes.push_back(fmt::format("the window is in model `{}`, which this call gives these sizes", w.model));
  if (auto note = data_sizes_note({&w.input, &w.window}, point); !note.empty()) d.notes.push_back(note);
  d_.report(std::move(d));
  return false;
}

bool Checker::check_reshape(const ModelShapes::ReshapeFact& r, Span report_at) {
  auto fail = prover_.equal(r.have, r.want);
  if (!fail) return true;
  if (fail->generic) {
    if (ctx_ && ctx_->model && ctx_->shapes) keep_fact(r, report_at, ctx_->shapes->reshapes, ctx_->shapes->name);
    return true;
  }
  // The counts at the failing point: "30" for F bound to 30, "(8 - k) * 4 = 20" over a hyper.
  auto count = [&](const ir::Dim& d, int64_t value) {
    std::string text = d.str_at(fail->point);
    return text == std::to_string(value) ? text : fmt::format("{} = {}", text, value);
  };
  Diagnostic d = diag::image_op_mismatch(
      report_at, "reshape",
      fmt::format("cannot put the {} numbers of {} into {} ({})", count(r.have, fail->lhs), ir::shape_str(r.from),
                  ir::shape_str(r.to), count(r.want, fail->rhs)),
      when_text(*fail));
  const bool elsewhere = report_at.file != r.at.file || report_at.begin != r.at.begin;
  if (!r.model.empty() && elsewhere) d.notes.push_back(fmt::format("the reshape is in model `{}`, which this call gives these sizes", r.model));
  if (auto note = data_sizes_note({&r.have, &r.want}, fail->point); !note.empty()) d.notes.push_back(note);
  d.help = "the new shape must hold as many numbers as the input: make the product of its sizes equal the input's";
  d_.report(std::move(d));
  return false;
}

// A callee's kept facts with this call's sizes (`subst`: the callee's
// symbols in the caller's). False after a diagnostic.
bool Checker::prove_callee_facts(const ModelShapes& callee, const std::function<ir::Dim(const ir::Dim&)>& subst,
                                 Span call_at) {
  for (const auto& w : callee.windows)
    if (!check_window({w.fn, w.axis, subst(w.input), subst(w.window), w.at, w.model, call_at}, call_at)) return false;
  for (const auto& r : callee.reshapes) {
    ir::Shape from, to;
    for (const auto& d : r.from) from.push_back(subst(d));
    for (const auto& d : r.to) to.push_back(subst(d));
    if (!check_reshape({subst(r.have), subst(r.want), from, to, r.at, r.model, call_at}, call_at)) return false;
  }
  return true;
}

// At `train`: the trained model's kept facts, its sizes now the data's.
// Reported where each entered the model (its op, or the call that brought
// it), in the script's own body rather than in a library block.
bool Checker::prove_model_facts(const ModelShapes& model) {
  for (const auto& w : model.windows)
    if (!check_window(w, w.site)) return false;
  for (const auto& r : model.reshapes)
    if (!check_reshape(r, r.site)) return false;
  return true;
}

}  // namespace xp::shapes
