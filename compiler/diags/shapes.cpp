#include "compiler/diags/shapes.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/diag_builders.h"
#include "base/plural.h"

namespace xp::diag {
namespace {

// "when hidden = 48" as a note, so the message stays one short line.
void add_when(Diagnostic& d, const std::string& when) {
  if (!when.empty()) d.notes.push_back("fails when " + when + " (shapes are checked for every value of the search space)");
}

}  // namespace

Diagnostic matmul_mismatch(Span at, const std::string& lhs, const std::string& rhs, const std::string& inner_l,
                           const std::string& inner_r, const std::string& when) {
  auto d = error("E0301", at, fmt::format("inner dimensions of `@` differ: {} @ {}", lhs, rhs),
                 fmt::format("{} vs {}", inner_l, inner_r));
  add_when(d, when);
  d.help = "the last dimension of the left operand must equal the first of the right one";
  return d;
}

Diagnostic broadcast_mismatch(Span at, const std::string& op, const std::string& lhs, const std::string& rhs,
                              const std::string& when) {
  auto d = error("E0302", at, fmt::format("shapes {} and {} do not broadcast for `{}`", lhs, rhs, op),
                 "incompatible shapes");
  add_when(d, when);
  d.help = "aligned from the right, each pair of dimensions must be equal or one of them 1 (a bias must have the length of the last axis)";
  return d;
}

Diagnostic result_mismatch(Span at, const std::string& model, const std::string& declared, const std::string& actual,
                           const std::string& when, Span declared_at) {
  auto d = error("E0303", at, fmt::format("model `{}` returns {} but declares `-> {}`", model, actual, declared),
                 fmt::format("this is {}", actual));
  add_when(d, when);
  if (declared_at.valid()) d.secondary.push_back({declared_at, "declared here"});
  d.help = "change the declared result or the last layer's size";
  return d;
}

Diagnostic bad_dimension(Span at, const std::string& why) {
  auto d = error("E0304", at, "this is not a valid dimension: " + why);
  d.help = "a dimension is an integer, a data dimension (F), an integer hyper or input, or a sum of them (2*h + 1)";
  return d;
}

Diagnostic dimension_hyper_not_integer(Span at, const std::string& hyper, const std::string& domain) {
  auto d = error("E0305", at, fmt::format("hyper `{}` sizes a dimension but is not an integer", hyper),
                 fmt::format("`{}` {}", hyper, domain));
  d.help = "declare it with int(low, high) or choice of integers";
  return d;
}

Diagnostic dimension_not_positive(Span at, const std::string& dim, long long value, const std::string& when) {
  if (value > 0) {  // over the largest size (see kMaxDimension)
    auto d = error("E0306", at, fmt::format("dimension `{}` can be {}, but a dimension must be at most 2^31", dim, value));
    add_when(d, when);
    d.help = "narrow the hyper's range, or use smaller sizes";
    return d;
  }
  auto d = error("E0306", at, fmt::format("dimension `{}` can be {}, but a dimension must be at least 1", dim, value));
  add_when(d, when);
  d.help = "narrow the hyper's range so every value gives a positive size";
  return d;
}

Diagnostic loss_mismatch(Span at, const std::string& loss, const std::string& message, const std::string& when,
                         const std::string& help) {
  auto d = error("E0307", at, fmt::format("`{}`: {}", loss, message));
  add_when(d, when);
  d.help = help;
  return d;
}

Diagnostic model_call_mismatch(Span at, const std::string& model, const std::string& message, const std::string& when,
                               Span callee_decl) {
  auto d = error("E0308", at, fmt::format("call of model `{}`: {}", model, message));
  add_when(d, when);
  if (callee_decl.valid()) d.secondary.push_back({callee_decl, "model defined here"});
  d.help = "pass one argument per input, each with the shape the input declares";
  return d;
}

Diagnostic axis_out_of_range(Span at, const std::string& fn, long long axis, size_t rank, const std::string& shape) {
  auto d = error("E0309", at, fmt::format("`{}` over axis {} of a tensor of shape {} ({} ax{} per example)", fn, axis,
                                          shape, rank, rank == 1 ? "is" : "es"));
  d.help = "axes count per example from 0 (the batch axis is implicit); -1 is the last";
  return d;
}

Diagnostic concat_mismatch(Span at, const std::string& lhs, const std::string& rhs, const std::string& when) {
  auto d = error("E0310", at, fmt::format("cannot concatenate {} and {}", lhs, rhs), "shapes do not line up");
  add_when(d, when);
  d.help = "concat joins tensors with the same number of axes whose dimensions agree except on the joined axis";
  return d;
}

Diagnostic data_mismatch(Span at, const std::string& model, const std::string& input_shape, const std::string& data,
                         long long features, const std::string& origin) {
  auto d = error("E0311", at, fmt::format("model `{}` takes x: {} but `{}` has {}", model, input_shape, data,
                                          count_of(features, "feature", "features")));
  if (!origin.empty()) d.notes.push_back("`" + data + "` is " + origin);
  d.help = "declare the input as `x: [F]` so its size is bound by the data";
  return d;
}

Diagnostic data_shape_mismatch(Span at, const std::string& model, const std::string& input_shape,
                               const std::string& data, const std::string& example, const std::string& origin,
                               const std::string& when) {
  auto d = error("E0311", at, fmt::format("model `{}` takes x: {} but an example of `{}` is {}", model, input_shape,
                                          data, example));
  if (!when.empty()) d.notes.push_back(when);
  if (!origin.empty()) d.notes.push_back("`" + data + "` is " + origin);
  d.help = fmt::format("declare the input with one size per axis of the data, such as `x: [{}]`, so the data binds them",
                       example.size() > 2 && std::count(example.begin(), example.end(), ',') == 2 ? "H, W, C"
                       : std::count(example.begin(), example.end(), ',') == 0                   ? "T"
                                                                                               : "D1, D2");
  return d;
}

Diagnostic recursive_model(Span at, const std::string& chain) {
  auto d = error("E0312", at, "model calls itself: " + chain);
  d.help = "models compose but cannot recurse; write the repeated layers out";
  return d;
}

Diagnostic loss_not_scalar(Span at, const std::string& shape) {
  auto d = error("E0313", at, fmt::format("the loss must be a scalar but has shape {} per example", shape));
  d.help = "reduce it with a loss built-in (cross_entropy, mse, ...) or sum/mean";
  return d;
}

Diagnostic matmul_rank(Span at, const std::string& lhs, const std::string& rhs) {
  auto d = error("E0314", at, fmt::format("`@` needs vectors or matrices, not {} @ {}", lhs, rhs));
  d.help = lhs == "[]" || rhs == "[]" ? "use `*` to scale by a scalar"
                                       : "`@` takes one or two axes per example on each side";
  return d;
}

Diagnostic bad_index(Span at, const std::string& shape, const std::string& why) {
  auto d = error("E0315", at, fmt::format("cannot index a tensor of shape {}: {}", shape, why), "bad index");
  d.help = "give at most one index per axis, each from 0 to the axis's size - 1";
  return d;
}

Diagnostic string_in_model(Span at) {
  auto d = error("E0316", at, "a string is not a number or a tensor", "a string");
  d.help = "a model computes with its inputs, params, hypers and numbers; strings name files, columns and choices";
  return d;
}

Diagnostic model_calls_too_deep(Span at, const std::string& chain, size_t limit) {
  auto d = error("E0317", at, fmt::format("model calls nest more than {} deep: {}", limit, chain), "one call too deep");
  d.help = fmt::format("a model may call models that call models up to {} levels; call several layers from one "
                       "model instead of chaining each layer to the next",
                       limit);
  return d;
}

Diagnostic conditional_hyper_in_model(Span at, const std::string& hyper, const std::string& domain, bool size) {
  auto d = error("E0318", at,
                 fmt::format("`{}` {} in every trial, but it has no value in trials where its condition fails ({})",
                             hyper, size ? "sizes a dimension" : "is read by the model", domain),
                 "not active in every trial");
  d.help = fmt::format("a model runs the same way in every trial; drop the `if` from `{}` (a hyper nothing "
                       "reads in some trials is harmless), or make its condition always hold",
                       hyper);
  return d;
}

Diagnostic window_too_large(Span at, const std::string& fn, const std::string& window, const std::string& axis,
                            const std::string& size, const std::string& value, const std::string& when) {
  auto d = error("E0321", at, fmt::format("the {} window of `{}` does not fit the {} {}", window, fn, axis, size),
                 "leaves nothing");
  if (!when.empty())
    d.notes.push_back(fmt::format("fails when {}: {} {} leaves nothing for the {} window (shapes are checked for every "
                                  "value of the search space)",
                                  when, axis, value, window));
  else
    d.notes.push_back(fmt::format("{} {} leaves nothing for the {} window", axis, value, window));
  d.help = "use a smaller kernel, size or stride, `padding: same`, or leave the failing values out of the hypers' ranges";
  return d;
}

Diagnostic image_op_mismatch(Span at, const std::string& fn, const std::string& message, const std::string& when) {
  auto d = error("E0322", at, fmt::format("`{}` {}", fn, message), "shape does not fit");
  add_when(d, when);
  d.help = "images are per-example [height, width, channels] (channels last); conv2d's filters are "
           "[k, k, channels, filters] (declare them as a param)";
  return d;
}

Diagnostic sequence_op_mismatch(Span at, const std::string& fn, const std::string& message, const std::string& when,
                                const std::string& help) {
  auto d = error("E0323", at, fmt::format("`{}` {}", fn, message), "shape does not fit");
  add_when(d, when);
  d.help = help;
  return d;
}

Diagnostic gather_mismatch(Span at, const std::string& table, const std::string& ids) {
  auto d = error("E0330", at, fmt::format("`gather` needs a table [V, D] and token ids [T] per example, got {} and {}",
                                          table, ids),
                 "shape does not fit");
  d.help = "declare the table as a param, `param E: [vocab, dim]`, and pass the data's ids: `gather(E, ids)` "
           "(std.models' embedding(ids, vocab, dim) does both)";
  return d;
}

Diagnostic ids_not_integer(Span at, const std::string& data_problem) {
  auto d = error("E0331", at,
                 data_problem.empty() ? "token ids must be integers from the data, not a computed value"
                                      : "token ids must be integers from the data, but " + data_problem,
                 data_problem.empty() ? "computed here" : "read as token ids here");
  d.help = data_problem.empty()
               ? "pass the model's input fed by token data (`csv(..., tokens: true)`, `text:`, token_sum) unchanged"
               : "train it on token data: `csv(..., tokens: true)` for integer id columns, `csv(..., text: \"col\")` "
                 "for text, or the token_sum generator";
  return d;
}

Diagnostic table_below_vocab(Span at, const std::string& rows, int64_t rows_value, const std::string& data,
                             int64_t vocab, const std::string& when) {
  std::string size = rows_value >= 0 ? std::to_string(rows_value) : rows;
  auto d = error("E0332", at,
                 fmt::format("the embedding table has {} rows but `{}` has token ids up to {} (a vocabulary of {})", size,
                             data, vocab - 1, vocab),
                 "ids beyond the table");
  add_when(d, when);
  d.help = fmt::format("size the table by the data: pass the train block's `vocab` ({}) to the model's `int` input "
                       "that sizes it, as in `net(x, vocab)` with `embedding(x, V, dim)` inside",
                       vocab);
  return d;
}

Diagnostic no_vocabulary(Span at, const std::string& data, const std::string& origin) {
  auto d = error("E0333", at, fmt::format("`vocab` is the vocabulary of token data, but `{}` holds no token ids", data),
                 "no vocabulary to name");
  if (!origin.empty()) d.notes.push_back("`" + data + "` is " + origin);
  d.help = "train on token data (`csv(..., text: \"col\")`, `csv(..., tokens: true)`, token_sum), or write the size "
           "as a number or a hyper";
  return d;
}

}  // namespace xp::diag
