#pragma once
// Shape diagnostics (E03xx), built only through these named constructors so
// the wording lives in one place. docs/errors.md explains each code. `when`
// is the hyper values a fact fails at ("hidden = 48"), empty when it fails
// for every value or for a generic size.
#include <string>

#include "base/diagnostics.h"

namespace xp::diag {

// E0301  x @ W with inner dimensions that differ
Diagnostic matmul_mismatch(Span at, const std::string& lhs, const std::string& rhs, const std::string& inner_l,
                           const std::string& inner_r, const std::string& when);
// E0302  a + b (or - * / ^) whose shapes do not broadcast
Diagnostic broadcast_mismatch(Span at, const std::string& op, const std::string& lhs, const std::string& rhs,
                              const std::string& when);
// E0303  a model returns a shape other than the one it declares
Diagnostic result_mismatch(Span at, const std::string& model, const std::string& declared, const std::string& actual,
                           const std::string& when, Span declared_at);
// E0304  a size that is not an integer expression of sizes
Diagnostic bad_dimension(Span at, const std::string& why);
// E0305  a hyper that is not an integer sizes a dimension
Diagnostic dimension_hyper_not_integer(Span at, const std::string& hyper, const std::string& domain);
// E0306  a size that can be zero or negative (or over 2^31)
Diagnostic dimension_not_positive(Span at, const std::string& dim, long long value, const std::string& when);
// E0307  a loss whose prediction and target do not match
Diagnostic loss_mismatch(Span at, const std::string& loss, const std::string& message, const std::string& when,
                         const std::string& help);
// E0308  a model called with the wrong number or shapes of arguments
Diagnostic model_call_mismatch(Span at, const std::string& model, const std::string& message, const std::string& when,
                               Span callee_decl);
// E0309  a reduction axis outside the tensor's axes
Diagnostic axis_out_of_range(Span at, const std::string& fn, long long axis, size_t rank, const std::string& shape);
// E0310  concat of tensors whose other dimensions differ
Diagnostic concat_mismatch(Span at, const std::string& lhs, const std::string& rhs, const std::string& when);
// E0311  a model whose input does not fit the data it is trained on
// E0311 when the data has a per-example shape (`shape: [8, 8, 1]`) the input does not take.
Diagnostic data_shape_mismatch(Span at, const std::string& model, const std::string& input_shape,
                               const std::string& data, const std::string& example, const std::string& origin,
                               const std::string& when);
Diagnostic data_mismatch(Span at, const std::string& model, const std::string& input_shape, const std::string& data,
                         long long features, const std::string& origin);
// E0312  a model that calls itself (directly or through others)
Diagnostic recursive_model(Span at, const std::string& chain);
// E0313  a loss that is not a scalar
Diagnostic loss_not_scalar(Span at, const std::string& shape);
// E0314  `@` on a scalar or on more than two axes
Diagnostic matmul_rank(Span at, const std::string& lhs, const std::string& rhs);
// E0315  an index outside a dimension (or too many indices)
Diagnostic bad_index(Span at, const std::string& shape, const std::string& why);
// E0316  a string used as a number or a tensor inside a model or a loss
Diagnostic string_in_model(Span at);
// E0317  model calls nested deeper than `limit` (a chain of models, each calling the next)
Diagnostic model_calls_too_deep(Span at, const std::string& chain, size_t limit);
// E0318  a conditional hyper read by a model, which runs in every trial
Diagnostic conditional_hyper_in_model(Span at, const std::string& hyper, const std::string& domain, bool size);

// E0321  a convolution or pooling window that does not fit the height or width it slides over
// (`size` the axis as written, `value` it at the failing point: "(8 - 7) / 2 + 1 = 1")
Diagnostic window_too_large(Span at, const std::string& fn, const std::string& window, const std::string& axis,
                            const std::string& size, const std::string& value, const std::string& when);
// E0322  an image op given a tensor of the wrong rank, or filters that do not match the image's channels
Diagnostic image_op_mismatch(Span at, const std::string& fn, const std::string& message, const std::string& when);
// E0323  a sequence op (conv1d, transpose, permute, attention, layer_norm, `@` over leading axes) on shapes that do not fit
Diagnostic sequence_op_mismatch(Span at, const std::string& fn, const std::string& message, const std::string& when,
                                const std::string& help);

// E0330 gather(table, ids) on shapes that are not a table [V, D] and ids [T] per example.
Diagnostic gather_mismatch(Span at, const std::string& table, const std::string& ids);
// E0331 gather's ids computed (floats), not the data's integer ids.
// `data_problem` empty: the ids are computed; else what the data holds instead.
Diagnostic ids_not_integer(Span at, const std::string& data_problem);
// E0332 an embedding table with fewer rows than the data's vocabulary.
Diagnostic table_below_vocab(Span at, const std::string& rows, int64_t rows_value, const std::string& data,
                             int64_t vocab, const std::string& when);
// E0333 `vocab` (in a train block, the data's vocabulary size) with data that holds no token ids.
Diagnostic no_vocabulary(Span at, const std::string& data, const std::string& origin);

}  // namespace xp::diag
