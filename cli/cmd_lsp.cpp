// `exp lsp`: the language server on standard input and output (editors start
// it; docs/editors.md). Nothing else may write to standard output.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/lsp/server.h"

namespace xp::cli {

CommandRun define_lsp(CLI::App&) {
  return [](const CLI::App&) {
    std::ios::sync_with_stdio(false);
    lsp::Server server(std::cin, std::cout);
    return server.run();
  };
}

}  // namespace xp::cli
