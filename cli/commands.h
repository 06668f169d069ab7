#pragma once
// Each command's definition: its arguments and options (CLI11), bound to the
// function that runs it. The table of commands (cli/command_table.cpp) lists
// these; each lives in its cmd_<name>.cpp. A run returns an exit code
// (cli/exit_codes.h) and prints its own output and diagnostics.
#include "cli/command_table.h"
#include "cli/options.h"

namespace xp::cli {

CommandRun define_run(CLI::App& cmd);
CommandRun define_check(CLI::App& cmd);
CommandRun define_repl(CLI::App& cmd);
CommandRun define_predict(CLI::App& cmd);
CommandRun define_show(CLI::App& cmd);
CommandRun define_copy_study(CLI::App& cmd);
CommandRun define_runs(CLI::App& cmd);
CommandRun define_diff(CLI::App& cmd);
CommandRun define_fmt(CLI::App& cmd);
CommandRun define_lsp(CLI::App& cmd);
CommandRun define_help(CLI::App& cmd);
CommandRun define_completion(CLI::App& cmd);

int cmd_show(const ShowOptions& options);
int cmd_predict(const PredictOptions& options);
int cmd_help(const HelpOptions& options, const CLI::App& root);
int cmd_repl(const ReplOptions& options);

}  // namespace xp::cli
