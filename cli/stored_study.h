#pragma once
// `exp show --storage URL [--study NAME]`: a study read straight from a
// study store (PostgreSQL or an SQLite file), where no run folder has its
// report — e.g. while workers are still running it (docs/distributed.md).
// Without a name: the store's studies, one line each.
#include "cli/options.h"

namespace xp::cli {

int show_stored_study(const ShowOptions& options);

}  // namespace xp::cli
