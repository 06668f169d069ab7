// `exp help [NAME] [--markdown]`: built-in docs from the stdlib registry, and
// a command's help from the command table.
#include <cstdio>

#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/help_text.h"
#include "stdlib/builtins.h"

namespace xp::cli {

int cmd_help(const HelpOptions& o, const CLI::App& root) {
  if (o.markdown) {
    fmt::print("{}", stdlib::markdown());
    return kExitOk;
  }
  if (o.name.empty()) {
    fmt::print("{}", help_overview());
    return kExitOk;
  }
  // A command's own help (`exp help run` is `exp run --help`), from the command table.
  for (const CLI::App* cmd : root.get_subcommands([](const CLI::App*) { return true; }))
    if (cmd->get_name() == o.name) {
      fmt::print("{}", cmd->help(root.get_name()));
      return kExitOk;
    }
  if (auto text = help_entry(o.name)) {
    fmt::print("{}", *text);
    return kExitOk;
  }
  std::string hint = closest_builtin(o.name);
  fmt::print(stderr, "error: no built-in, category or library model named `{}`\n", o.name);
  if (!hint.empty()) fmt::print(stderr, "  help: did you mean `{}`?\n", hint);
  else fmt::print(stderr, "  help: `exp help` lists every built-in\n");
  return kExitUsage;
}


CommandRun define_help(CLI::App& cmd) {
  auto o = std::make_shared<HelpOptions>();
  cmd.add_option("NAME", o->name, "A built-in, a category or a command");
  cmd.add_flag("--markdown", o->markdown, "Print the whole registry as Markdown (docs/stdlib.md)");
  return [o](const CLI::App& root) { return cmd_help(*o, root); };
}

}  // namespace xp::cli
