#pragma once
// E04xx — leakage: the test split stays unseen until the final report, and
// preprocessing statistics come from the training part only.
#include <string_view>

#include "base/diag_builders.h"

namespace xp::diag {

// E0401 `maximize = test.accuracy`: tuning against the test split.
Diagnostic tune_reads_test(Span at, std::string_view what);
// E0405 `maximize = train.accuracy`: trials scored on the rows they learned from.
Diagnostic tune_reads_train(Span at, std::string_view what);
// E0402 `train mlp on iris.test`, `stop_early(monitor: test.loss)`.
Diagnostic train_reads_test(Span at, std::string_view what);
// E0403 `standardize iris.val`: statistics fitted on a held-out part.
Diagnostic preprocess_not_on_train(Span at, std::string_view op, std::string_view part, std::string_view data);
// E0404 `train mlp on iris.val`: the validation split is what tuning and early stopping score.
Diagnostic train_on_validation(Span at, std::string_view part);

}  // namespace xp::diag
