// `exp repl [FILE]`: the read–eval–print loop around a ReplSession.
#include <csignal>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/repl/line_reader.h"
#include "cli/repl/session.h"
#include "cli/version.h"

namespace xp::cli {

int cmd_repl(const ReplOptions& o) {
  // A FILE that cannot be read is a usage mistake, like for `exp run`: say so before any session starts.
  if (!o.file.empty())
    if (std::string why = unreadable_script(o.file); !why.empty()) {
      fmt::print(stderr, "error: cannot read `{}`: {}\n", o.file, why);
      return kExitUsage;
    }
  bool terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  // At the prompt Ctrl-C does nothing (Ctrl-D or :quit leave); during a run it stops the run.
  if (terminal) std::signal(SIGINT, SIG_IGN);
  ReplSession::Options so;
  so.progress = terminal;
  ReplSession session(so);
  std::unique_ptr<LineReader> reader =
      terminal ? make_terminal_reader(default_history_path(),
                                      [&session](const std::string& line, const std::string& word) {
                                        return session.complete(line, word);
                                      })
               : make_stream_reader(std::cin, &std::cout);
  if (terminal && !o.quiet)
    fmt::print("exp {} — statements, expressions (mlp.W1, iris.train), :help for commands, :quit to leave\n", version());
  // A bug in exp must not cost the user the session: say so, keep going.
  auto guarded = [&](auto&& step) {
    try {
      return step();
    } catch (const std::exception& e) {
      std::string what = e.what();
      if (what.rfind("internal error", 0) != 0) what = "internal error: this is a bug in exp: " + what;
      fmt::print("{}\n  (the session goes on; please report the input that caused it)\n", what);
      return true;
    }
  };
  if (!o.file.empty()) guarded([&] { session.load(o.file); return true; });

  const std::string prompt = "exp> ", more = "...> ";
  while (true) {
    auto line = reader->read(prompt);
    if (!line) break;
    std::string input = *line;
    // Keep reading while a bracket is open or the line ends in an operator.
    while (ReplSession::incomplete(input)) {
      auto next = reader->read(more);
      if (!next) break;
      input += "\n" + *next;
    }
    reader->remember(input);
    if (!guarded([&] { return session.submit(input); })) break;
  }
  if (terminal) fmt::print("\n");
  return kExitOk;
}


CommandRun define_repl(CLI::App& cmd) {
  auto o = std::make_shared<ReplOptions>();
  cmd.add_option("FILE", o->file, "A script to load first");
  cmd.add_flag("-q,--quiet", o->quiet, "No banner");
  return [o](const CLI::App&) { return cmd_repl(*o); };
}

}  // namespace xp::cli
