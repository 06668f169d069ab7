#pragma once
// The exit codes of every `exp` command (docs/cli.md).
namespace xp::cli {

enum ExitCode : int {
  kExitOk = 0,           // done (warnings alone are fine)
  kExitRunFailed = 1,    // the run started but failed (every trial failed, a model file could not be written)
  kExitNotFormatted = 1, // exp fmt --check: a file is not in the canonical layout
  kExitUsage = 2,        // bad command line, script errors, unreadable data or files
  kExitInterrupted = 130 // stopped by Ctrl-C (after printing what was finished); the shell's convention
};

}  // namespace xp::cli
