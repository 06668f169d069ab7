#pragma once
// The one table of `exp`'s commands: name, one-line summary, examples, and a
// function that declares the command's arguments and options (CLI11) and
// returns what runs it. The dispatch and `exp --help` (cli/app.cpp), the
// unknown-command hint, `exp help COMMAND` and `exp completion` (cli/completion.h)
// all read it: a new command is one entry here plus its cmd_<name>.cpp.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace CLI { class App; }

namespace xp::cli {

// Runs a parsed command; `root` is the whole CLI (for `exp completion`). Returns an exit code.
using CommandRun = std::function<int(const CLI::App& root)>;

struct Command {
  std::string_view name;
  std::string_view summary;   // one line, in `exp --help`'s list and in completions
  std::string_view examples;  // the footer of `exp NAME --help`
  CommandRun (*define)(CLI::App& cmd);  // adds the arguments and options, binds them to what runs
};

std::span<const Command> command_table();
std::vector<std::string> command_names();

// The whole command line: every command of the table, in order. `runs[i]`
// runs command_table()[i] once the command line has been parsed.
std::unique_ptr<CLI::App> make_app(std::vector<CommandRun>& runs);

}  // namespace xp::cli
