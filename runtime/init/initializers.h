#pragma once
// Parameter initializers: zeros, ones, constant(v), normal(mean:, std:),
// uniform(low:, high:), glorot/xavier (uniform), glorot_normal, he/kaiming
// (normal), he_uniform. Fans follow `x @ W`: a [in, out] matrix has
// fan_in = in and fan_out = out; a vector [n] has both equal to n.
#include <cstdint>
#include <span>

#include "runtime/core/call_args.h"

namespace xp::rt {

// An initializer with its arguments evaluated (evaluate_call on the
// param's `~ init`; fn "zeros" when none is given).
using InitSpec = CallArgs;

// Throws GraphError on an unknown initializer, unknown arguments or bad
// values (std < 0, low > high).
void validate_init(const InitSpec& spec);

// Fills `out` with the initial values; the stream is fully determined by
// `seed`.
void initialize(const InitSpec& spec, std::span<float> out, int64_t fan_in, int64_t fan_out, uint64_t seed);

}  // namespace xp::rt
