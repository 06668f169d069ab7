#pragma once
// What the CLI adds to a run folder after the runtime wrote it.
#include "runtime/run/run.h"

namespace xp::cli {

// report.html beside report.json, rendered from the same JSON. A failure
// costs the page, not the run: it is printed as a warning.
void write_report_html(const rt::RunResult& result);

}  // namespace xp::cli
