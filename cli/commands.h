#pragma once
// One function per command; each returns an exit code (cli/exit_codes.h) and
// prints its own output and diagnostics.
#include "cli/options.h"

namespace xp::cli {

int cmd_run(const RunOptions& options);
int cmd_show(const ShowOptions& options);
int cmd_predict(const PredictOptions& options);
int cmd_help(const HelpOptions& options);
int cmd_repl(const ReplOptions& options);

}  // namespace xp::cli
