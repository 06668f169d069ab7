#include "runtime/data/datasets.h"

namespace xp::rt {

std::optional<Table> load_shipped_dataset(const ShippedDataset& d, CsvOptions options, Diagnostics& diags) {
  options.target = std::string(d.target);
  options.task = d.task;
  return load_csv(shipped_dataset_path(d.name), options, diags);
}

}  // namespace xp::rt
