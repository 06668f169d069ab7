#include "compiler/passes/preprocess_facts.h"

#include <string>

#include "base/data_diags.h"

namespace xp {

void verify_preprocessing(const ir::Program& program, Diagnostics& diags) {
  for (const auto& d : program.data) {
    std::string scaling;  // the first of standardize / minmax, as the loader keeps it
    for (const auto& p : d.preprocess) {
      if (p.op == "standardize" || p.op == "minmax") {
        if (!scaling.empty() && scaling != p.op) diags.report(diag::data::scaling_conflict(p.op, scaling, p.span));
        else scaling = p.op;
      } else if (p.op == "onehot" && d.source == ir::DataSpec::Source::Generator) {
        diags.report(diag::data::onehot_without_columns(p.span));
      }
    }
  }
}

}  // namespace xp
