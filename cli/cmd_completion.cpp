// `exp completion bash|zsh|fish`: a completion script generated from the command table.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/exit_codes.h"
#include "cli/validators.h"

namespace xp::cli {

CommandRun define_completion(CLI::App& cmd) {
  auto shell = std::make_shared<std::string>();
  std::vector<std::string> shells;
  for (auto s : completion_shells()) shells.emplace_back(s);
  cmd.add_option("SHELL", *shell, "The shell to complete for")->required()->type_name("bash|zsh|fish")->check(one_of(shells));
  return [shell](const CLI::App& root) {
    auto script = completion_script(*shell, root);
    if (!script) return kExitUsage;  // the validator already refused it
    fmt::print("{}", *script);
    return kExitOk;
  };
}

}  // namespace xp::cli
