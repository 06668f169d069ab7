#include "compiler/diags/leakage.h"

#include <fmt/format.h>

namespace xp::diag {

Diagnostic tune_reads_test(Span at, std::string_view what) {
  auto d = error("E0401", at, fmt::format("the tune objective reads the test split (`{}`)", what), "test data");
  d.notes.push_back("choosing hyperparameters by their test score makes that score optimistic: the test split "
                    "would no longer measure unseen data");
  std::string instead = what.starts_with("test.") ? "val." + std::string(what.substr(5)) : "val.accuracy";
  d.help = fmt::format("tune on the validation split (`{}`) or on cross-validation (`cv.` metrics with `cv = 5`); "
                       "the test split is scored once, in `report`",
                       instead);
  return d;
}

Diagnostic tune_reads_train(Span at, std::string_view what) {
  auto d = error("E0405", at, fmt::format("the tune objective reads the training split (`{}`)", what), "training data");
  d.notes.push_back("a trial scored on the rows it learned from rewards memorising them, so the study would pick "
                    "the most overfitted configuration");
  d.help = fmt::format("tune on the validation split (`val.{}`) or on cross-validation (`cv.{}` with `cv = 5`)",
                       what.substr(what.find('.') + 1), what.substr(what.find('.') + 1));
  return d;
}

Diagnostic train_reads_test(Span at, std::string_view what) {
  auto d = error("E0402", at, fmt::format("training reads the test split (`{}`)", what), "test data");
  d.notes.push_back("the test split must stay unseen until the final report, or its score says nothing about new data");
  d.help = "train on the data set itself (its training part is used) and monitor `val.` metrics";
  return d;
}

Diagnostic preprocess_not_on_train(Span at, std::string_view op, std::string_view part, std::string_view data) {
  auto d = error("E0403", at, fmt::format("`{}` is fitted on the {} split of `{}`", op, part, data),
                 "statistics from held-out data");
  d.notes.push_back("preprocessing statistics (means, ranges, categories) must come from the training part only; "
                    "they are then applied to every split");
  d.help = fmt::format("write `{} {}`: it is fitted on the training part and applied to all parts", op, data);
  return d;
}

Diagnostic train_on_validation(Span at, std::string_view part) {
  auto d = error("E0404", at, fmt::format("model trained on the validation split (`{}`)", part), "validation data");
  d.notes.push_back("tuning and early stopping score models on the validation split; training on it makes those "
                    "scores meaningless");
  d.help = fmt::format("train on `{}` (its training part is used) or `{}.train`",
                       part.substr(0, part.find('.')), part.substr(0, part.find('.')));
  return d;
}

}  // namespace xp::diag
