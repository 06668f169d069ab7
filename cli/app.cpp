#include "cli/app.h"

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command_table.h"
#include "cli/exit_codes.h"
#include "base/suggest.h"

namespace xp::cli {
namespace {

// "run, check and help": the commands, as a sentence.
std::string command_list() {
  auto names = command_names();
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

// `exp fit x.exp`: CLI11 would say "arguments were not expected"; say what happened instead.
bool unknown_command(int argc, char** argv) {
  if (argc < 2) return false;
  std::string word = argv[1];
  if (word[0] == '-') {
    // CLI11 would say "A subcommand is required", hiding the mistyped option.
    if (word == "-h" || word == "--help" || word == "--version") return false;
    fmt::print(stderr, "error: unknown option `{}`\n  help: the options before a command are --help and --version; "
                       "run `exp --help` for the commands\n", word);
    return true;
  }
  auto names = command_names();
  for (const auto& c : names)
    if (word == c) return false;
  fmt::print(stderr, "error: unknown command `{}`\n", word);
  std::string best = xp::closest(word, names).value_or("");
  if (!best.empty()) fmt::print(stderr, "  help: did you mean `exp {}`?\n", best);
  else if (word.size() > 4 && word.substr(word.size() - 4) == ".exp") fmt::print(stderr, "  help: to run a script: `exp run {}`\n", word);
  else fmt::print(stderr, "  help: the commands are {} (`exp --help`)\n", command_list());
  return true;
}

// CLI11 says "The following argument was not expected: --bogus"; say which kind of
// mistake it is, and suggest the option that was probably meant.
void report_extra_argument(const CLI::App& sub, const std::string& arg) {
  if (arg.size() > 1 && arg[0] == '-') {
    std::vector<std::string> names;
    for (const CLI::Option* o : sub.get_options())
      for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    std::string name = arg.substr(0, arg.find('='));
    fmt::print(stderr, "error: unknown option `{}` for `exp {}`\n", name, sub.get_name());
    if (auto best = xp::closest(name, names)) fmt::print(stderr, "  help: did you mean `{}`?\n", *best);
  } else {
    fmt::print(stderr, "error: unexpected argument `{}`: `exp {}` takes no more arguments\n", arg, sub.get_name());
  }
}

}  // namespace

int run_app(int argc, char** argv) {
  std::vector<CommandRun> runs;
  auto app = make_app(runs);
  if (unknown_command(argc, argv)) return kExitUsage;
  if (argc < 2) {
    fmt::print(stderr, "{}\nerror: a command is required\n", app->help());
    return kExitUsage;
  }
  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app->exit(e);  // --help, --version
    CLI::App* sub = nullptr;
    for (auto* s : app->get_subcommands()) sub = s;
    std::string where = sub ? " " + sub->get_name() : "";
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && sub && !sub->remaining().empty()) {
      report_extra_argument(*sub, sub->remaining().front());
    } else {
      fmt::print(stderr, "error: {}\n", e.what());
    }
    fmt::print(stderr, "  help: run `exp{} --help` for usage\n", where);
    return kExitUsage;
  }
  auto subs = app->get_subcommands([](CLI::App*) { return true; });
  for (size_t i = 0; i < subs.size() && i < runs.size(); ++i)
    if (subs[i]->parsed()) return runs[i](*app);
  return kExitUsage;
}

}  // namespace xp::cli
