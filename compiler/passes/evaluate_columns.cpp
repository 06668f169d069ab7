#include "compiler/passes/evaluate_columns.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "base/diag_builders.h"
#include "compiler/diags/run.h"

namespace xp {
namespace {

// A CSV file (or a shipped one) is encoded with the model's schema, columns
// by name: it must have the training columns and the target, and may differ
// in anything else (a category with fewer levels is still the training
// width). A generator's data is compared whole: the same features, task and
// classes (load_for_evaluation).
void verify_one(const ir::EvaluateSpec& e, const ir::TrainSpec& t, const DataFacts& from, const DataFacts& on,
                Diagnostics& diags) {
  auto refuse = [&](std::string message, std::string label, std::string help) {
    Diagnostic d = diag::error("E0810", e.span, std::move(message), std::move(label));
    d.help = std::move(help);
    diags.report(std::move(d));
  };
  if (!from.header.empty() && !on.header.empty()) {
    // By hash: a file may have 100,000 columns, and so may the other.
    const std::unordered_set<std::string_view> has(on.header.begin(), on.header.end());
    auto has_column = [&](const std::string& name) { return has.count(name) > 0; };
    std::vector<std::string> missing;
    for (const auto& c : from.input_columns)
      if (!has_column(c)) missing.push_back("`" + c + "`");
    if (!missing.empty()) {
      // One error per statement: a wholly different file lacks every column.
      std::string names = missing.front();
      for (size_t i = 1; i < std::min<size_t>(missing.size(), 3); ++i) names += ", " + missing[i];
      if (missing.size() > 3) names += fmt::format(", … ({} in all)", missing.size());
      refuse(fmt::format("`{}` was trained on `{}` with {} {}, which `{}` ({}) lacks", e.model, t.data,
                         missing.size() == 1 ? "column" : "columns", names, e.data, on.file),
             "a file without the training columns", "evaluate on data with the training columns (by name, in any order)");
    }
    for (const auto& c : from.target_columns)
      if (!c.empty() && !has_column(c))
        refuse(fmt::format("`{}` ({}) has no target column `{}` to score `{}` against", e.data, on.file, c, e.model),
               "nothing to score against",
               "evaluate on data that has the target; `exp predict` scores rows without one");
    return;
  }
  if (!from.known || !on.known) return;
  std::string why;
  if (from.features != on.features)
    why = fmt::format("`{}` reads {} features (from `{}`), but `{}` has {}", e.model, from.features, from.name,
                      on.name, on.features);
  else if (from.classification != on.classification)
    why = fmt::format("`{}` is a {} model, but `{}` has a {} target", e.model,
                      from.classification ? "classification" : "regression", on.name,
                      on.classification ? "class" : "numeric");
  if (!why.empty()) diags.report(diag::evaluate_on_unfit_data(e.span, e.model, e.data, std::move(why)));
}

}  // namespace

void verify_evaluation_columns(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags) {
  for (const auto& e : p.evaluations) {
    if (e.data.empty()) continue;  // the model's own data set: its columns by construction
    for (const auto& t : p.trains) {
      if (t.model != e.model || t.data == e.data) continue;
      auto trained = data.find(t.data), scored = data.find(e.data);
      if (trained != data.end() && scored != data.end()) verify_one(e, t, trained->second, scored->second, diags);
    }
  }
}

}  // namespace xp
