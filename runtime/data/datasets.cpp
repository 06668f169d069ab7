#include "runtime/data/datasets.h"

#include "stdlib/builtins.h"

namespace xp::rt {

namespace {
// Targets as documented in the data folder's README (copied from scikit-learn 1.2.1).
constexpr ShippedDataset kShipped[] = {
    {"iris", "species", Task::Classification},
    {"wine", "class", Task::Classification},
    {"breast_cancer", "diagnosis", Task::Classification},
    {"digits", "digit", Task::Classification},
    {"diabetes", "progression", Task::Regression},
};
}  // namespace

std::span<const ShippedDataset> shipped_datasets() { return kShipped; }

const ShippedDataset* find_shipped_dataset(std::string_view name) {
  for (const auto& d : kShipped)
    if (d.name == name) return &d;
  return nullptr;
}

std::string shipped_dataset_path(std::string_view name) {
  return stdlib::data_dir() + "/data/" + std::string(name) + ".csv";
}

std::optional<Table> load_shipped_dataset(const ShippedDataset& d, CsvOptions options, Diagnostics& diags) {
  options.target = std::string(d.target);
  options.task = d.task;
  return load_csv(shipped_dataset_path(d.name), options, diags);
}

}  // namespace xp::rt
