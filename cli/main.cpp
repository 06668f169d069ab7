// `exp check` only, until the full command set (cli/app.cpp, run_app) is wired in.
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/cmd_check.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  CLI::App app{"exp — a language for machine-learning experiments", "exp"};
  app.set_version_flag("--version", std::string("exp ") + xp::cli::version());
  app.require_subcommand(1);
  xp::cli::CheckOptions check;
  CLI::App* check_cmd = xp::cli::add_check_command(app, check);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "error: " << e.what() << "\n  help: run `exp --help` for usage\n";
    return 2;
  }
  return check_cmd->parsed() ? xp::cli::run_check(check, std::cout, std::cerr, isatty(STDERR_FILENO) != 0) : 2;
}
