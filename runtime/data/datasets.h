#pragma once
// The data sets shipped with the stdlib (stdlib/data/<name>.csv), each with
// its documented target column and task (the table is stdlib/csv_table.h's,
// which the checker's data probe reads too).
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runtime/data/csv_table.h"
#include "stdlib/csv_table.h"

namespace xp::rt {

using stdlib::csv::ShippedDataset;

inline std::span<const ShippedDataset> shipped_datasets() { return stdlib::csv::shipped(); }
inline const ShippedDataset* find_shipped_dataset(std::string_view name) { return stdlib::csv::find_shipped(name); }
inline std::string shipped_dataset_path(std::string_view name) { return stdlib::csv::shipped_path(name); }

// Loads a shipped data set; `options` may select columns or impute (its
// target and task are fixed by the table). nullopt after diagnostics.
std::optional<Table> load_shipped_dataset(const ShippedDataset& d, CsvOptions options, Diagnostics& diags);

}  // namespace xp::rt
