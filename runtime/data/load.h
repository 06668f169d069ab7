#pragma once
// The data entry point of a run: source → table → split → impute → scale →
// folds, as the script's `data`, `split` and preprocessing statements say.
//
//   auto data = rt::prepare_data(spec, seed, diags);   // nullopt: diagnostics explain
//   for (const Fold& f : data->folds) {                 // cross-validation
//     Part fit = subset(data->train_raw, f.fit), score = subset(data->train_raw, f.score);
//     Scaling s = fit_scaling(data->scaling.kind, fit, data->scaling.only);
//     apply_scaling(s, fit); apply_scaling(s, score);
//   }
//
// Source options (DataSpec::options, evaluated as constants):
//   csv(path, target:, task: classification|regression, impute: none|mean|median|drop, columns: [...])
//   iris / wine / breast_cancer / digits / diabetes (impute:, columns:)
//   moons / circles / blobs / spirals / xor / regression / friedman1 (see generators.h; seed:)
// A generator without `seed:` uses the program's seed. Splits and folds are
// shuffled with the program's seed.
#include <cstdint>
#include <optional>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "stdlib/csv_table.h"
#include "runtime/data/preprocess.h"
#include "runtime/data/schema_json.h"

namespace xp::rt {

// `keep_unscaled_train`: also keep PreparedData::train_raw, the training
// part before scaling, which only cross-validation reads (each fold refits
// the scaling); without it the run holds one copy of the training rows, not
// two. Kept anyway when the split itself has folds.
std::optional<PreparedData> prepare_data(const ir::DataSpec& spec, uint64_t seed, Diagnostics& diags,
                                         bool keep_unscaled_train = true);

// Part::origin = 0, 1, …: the rows' places, for a part built in order.
void number_rows(Part& p);

// The rows of `p` at `rows`, in that order (features, targets, labels and origins).
Part subset(const Part& p, const std::vector<size_t>& rows);

// A prediction file encoded with a saved schema, its missing numeric cells
// filled and the saved scaling applied. nullopt after diagnostics. When the
// file has the target column, `scored` gets the rows whose target is known
// (the others have no label to score against).
std::optional<Part> load_for_prediction(const stdlib::csv::Source& csv, const Schema& schema, const Scaling& scaling,
                                        Diagnostics& diags, std::vector<size_t>* scored = nullptr);

// `evaluate MODEL on DATA`: the rows of another data set (every row, or one
// part of its own split) encoded, filled and scaled exactly as the data the
// model was trained on. nullopt after diagnostics (at `at`), e.g. when the
// columns or classes differ or a file has no target.
std::optional<Part> load_for_evaluation(const ir::DataSpec& spec, const std::string& part, uint64_t seed,
                                        const PreparedData& trained_on, Span at, Diagnostics& diags);

}  // namespace xp::rt
