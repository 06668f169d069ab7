#pragma once
// The `exp` command line: every command, its options and examples, and the
// mapping of command-line mistakes to exit code 2 (docs/cli.md).
namespace xp::cli {

// Parses argv, runs the chosen command and returns the process exit code.
int run_app(int argc, char** argv);

}  // namespace xp::cli
