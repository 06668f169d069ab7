#pragma once
// A learned tensor as the REPL prints it: its shape and statistics, then the
// values laid out like a matrix with the middle elided when it is large.
#include <string>

#include "runtime/io/model_file.h"

namespace xp::cli {

std::string format_tensor(const rt::SavedTensor& t, int max_rows = 6, int max_cols = 8);

}  // namespace xp::cli
