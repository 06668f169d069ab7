#include "compiler/passes/evaluate_columns.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/diag_builders.h"

namespace xp {
namespace {

bool has_column(const DataFacts& f, const std::string& name) {
  return std::find(f.header.begin(), f.header.end(), name) != f.header.end();
}

}  // namespace

void verify_evaluation_columns(const ir::Program& p, const DataFactsByName& data, Diagnostics& diags) {
  for (const auto& e : p.evaluations) {
    if (e.data.empty()) continue;  // the model's own data set: its columns by construction
    for (const auto& t : p.trains) {
      if (t.model != e.model || t.data == e.data) continue;
      auto trained = data.find(t.data), scored = data.find(e.data);
      if (trained == data.end() || scored == data.end()) continue;
      const DataFacts& from = trained->second;
      const DataFacts& on = scored->second;
      if (from.header.empty() || on.header.empty()) continue;  // not both CSV files the probe read
      std::vector<std::string> missing;
      for (const auto& c : from.input_columns)
        if (!has_column(on, c)) missing.push_back(c);
      auto refuse = [&](std::string message, std::string label, std::string help) {
        Diagnostic d = diag::error("E0810", e.span, std::move(message), std::move(label));
        d.help = std::move(help);
        diags.report(std::move(d));
      };
      for (const auto& c : missing)
        refuse(fmt::format("`{}` was trained on `{}` with column `{}`, which `{}` ({}) lacks", e.model, t.data, c,
                           e.data, on.file),
               "a file without a training column",
               "evaluate on data with the training columns (by name, in any order)");
      for (const auto& c : from.target_columns)
        if (!c.empty() && !has_column(on, c))
          refuse(fmt::format("`{}` ({}) has no target column `{}` to score `{}` against", e.data, on.file, c, e.model),
                 "nothing to score against",
                 "evaluate on data that has the target; `exp predict` scores rows without one");
    }
  }
}

}  // namespace xp
