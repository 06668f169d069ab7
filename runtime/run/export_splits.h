#pragma once
// `exp run --export-splits DIR` (a debugging aid for the reference
// benchmarks in bench/accuracy): writes the prepared parts of a data set as
// CSVs — features after preprocessing, then the target (the class index for
// classifiers) — so another tool trains on exactly the rows exp trained on.
#include <string>

#include "base/diagnostics.h"
#include "runtime/data/dataset.h"

namespace xp::rt {

// Writes DIR/<name>.train.csv, .val.csv, .test.csv. false after E0906.
bool export_splits(const PreparedData& data, const std::string& dir, Diagnostics& diags);

// One part as CSV text (header: feature names, then "target").
std::string part_csv(const Part& part, const DataInfo& info);

}  // namespace xp::rt
