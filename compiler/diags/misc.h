#pragma once
// E06xx — everything else: the settings of train / tune / report / split
// blocks, and statements that need another one (`tune mlp` needs `train mlp`).
// Also E0808 for the data options the checker can see (generator bounds).
#include <optional>
#include <string>
#include <string_view>

#include "base/diag_builders.h"
#include "stdlib/generators.h"

namespace xp::diag {

// E0601 `optimiser = adam(lr)` in a train block.
Diagnostic unknown_setting(Span at, std::string_view block, std::string_view key,
                           const std::optional<std::string>& suggestion, std::string_view known);
// E0601 `seed = 7` in a tune block: one `seed` statement seeds the whole run, studies included.
// `value` is the number written ("N" if none); `script_seed` the script's `seed N` (invalid span if none).
Diagnostic seed_in_tune(Span at, std::string_view value, Span script_seed);
// E0602 `epochs` given twice in one block.
Diagnostic duplicate_setting(Span at, std::string_view key, Span first);
// E0603 a train block without `loss`.
Diagnostic missing_setting(Span at, std::string_view block, std::string_view key, std::string_view example);
// E0604 `method = asha` (sha, hyperband) with `prune = median` (or `none`):
// the method is random search under its own pruner, which `prune` replaced.
Diagnostic method_and_pruner_conflict(Span at, std::string_view method, std::string_view pruner, Span method_at);
// E0604 `maximize` and `minimize` in one tune block.
Diagnostic conflicting_settings(Span at, std::string_view key, std::string_view other, Span other_at);
// E0605 split fractions outside [0, 1] or not adding up to 1.
Diagnostic bad_split(Span at, std::string message, std::string help);
// E0606 `tune mlp` / `report mlp` / `evaluate mlp` without `train mlp on ...`.
Diagnostic model_not_trained(Span at, std::string_view model, std::string_view statement);
// E0607 `trials = lr`: a setting that must be a number written in the script.
Diagnostic expected_number(Span at, std::string_view key, std::string_view why);
// E0608 `stratify: 2`: a setting that must be true or false.
Diagnostic expected_flag(Span at, std::string_view key);
// E0609 `parallel = 0`, `trials = 2.5`: a number setting outside the values it can take.
Diagnostic setting_out_of_range(Span at, std::string message, std::string help);
// E0808 `blobs(features: 1e300)`: a generator option outside its bounds (the
// runtime loader reports the same rule, with the same message, for values it computes).
Diagnostic generator_option_out_of_range(Span at, std::string_view generator, const stdlib::GeneratorOption& option);
// E0808 `blobs(n: 10000000, features: 10000)`: every option in bounds, but too many values to hold.
// `problem` is stdlib::too_large's message.
Diagnostic generated_data_too_large(Span at, std::string problem);

}  // namespace xp::diag
