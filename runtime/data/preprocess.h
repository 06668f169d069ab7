#pragma once
// Preprocessing fitted on the training part only, then applied unchanged to
// every other part (val, test, a CV fold's held-out rows, a prediction file).
#include <string_view>
#include <vector>

#include "runtime/data/dataset.h"

namespace xp::rt {

// "standardize": shift = mean, scale = population standard deviation;
// "minmax": shift = min, scale = max − min; "none": identity (empty vectors).
// A constant column gets scale 1 so it maps to 0 instead of dividing by zero.
// Every encoded feature is scaled, one-hot columns included, unless `only`
// is given (one flag per feature): then only the flagged features are, and
// the others get shift 0, scale 1.
Scaling fit_scaling(std::string_view kind, const Part& train, const std::vector<bool>& only = {});
// x' = (x − shift) / scale per feature; a no-op for kind "none".
void apply_scaling(const Scaling& s, Part& p);

// Regression targets under `standardize`/`minmax` (docs/data.md): the same
// kind of scaling, fitted on the training part's Y, so that the optimizer
// sees targets of unit size whatever their units (house prices ~1e5 train
// as well as a target around 1). Part::target records it; metrics
// (evaluate) and predictions (exp predict) are given in the target's units.
// Kind "none", or a classification part: identity.
Scaling fit_target_scaling(std::string_view kind, const Part& train);
// Y' = (Y − shift) / scale per target column; sets p.target. A no-op for
// an identity scaling.
void apply_target_scaling(const Scaling& s, Part& p);
// The inverse, on model outputs (or a copy of Y): back to the target's units.
void to_target_units(const Scaling& s, Matrix& outputs);

// `impute: mean | median`: computes each numeric feature's fill value from the
// training part's non-missing cells (0 if it has none), records it in the
// schema, and replaces the NaN cells of every given part with it.
void fit_and_fill_missing(Schema& schema, Part& train, const std::vector<Part*>& others);
// Replaces NaN cells using fills already in the schema (prediction time).
void fill_missing(const Schema& schema, Part& p);

}  // namespace xp::rt
