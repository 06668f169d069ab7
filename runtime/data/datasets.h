#pragma once
// The data sets shipped with the stdlib (stdlib/data/<name>.csv), each with
// its documented target column and task.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runtime/data/csv_table.h"

namespace xp::rt {

struct ShippedDataset {
  std::string_view name;    // iris
  std::string_view target;  // species
  Task task;
};

std::span<const ShippedDataset> shipped_datasets();
const ShippedDataset* find_shipped_dataset(std::string_view name);
std::string shipped_dataset_path(std::string_view name);  // <stdlib data_dir>/data/<name>.csv

// Loads a shipped data set; `options` may select columns or impute (its
// target and task are fixed by the table above). nullopt after diagnostics.
std::optional<Table> load_shipped_dataset(const ShippedDataset& d, CsvOptions options, Diagnostics& diags);

}  // namespace xp::rt
