// `exp help [NAME] [--markdown]`: built-in docs from the stdlib registry.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/help_text.h"
#include "stdlib/builtins.h"

namespace xp::cli {

int cmd_help(const HelpOptions& o) {
  if (o.markdown) {
    fmt::print("{}", stdlib::markdown());
    return kExitOk;
  }
  if (o.name.empty()) {
    fmt::print("{}", help_overview());
    return kExitOk;
  }
  if (auto text = help_entry(o.name)) {
    fmt::print("{}", *text);
    return kExitOk;
  }
  std::string hint = closest_builtin(o.name);
  fmt::print(stderr, "error: no built-in or category named `{}`\n", o.name);
  if (!hint.empty()) fmt::print(stderr, "  help: did you mean `{}`?\n", hint);
  else fmt::print(stderr, "  help: `exp help` lists every built-in\n");
  return kExitUsage;
}

}  // namespace xp::cli
