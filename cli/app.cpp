#include "cli/app.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <iostream>

#include <CLI/CLI.hpp>
#include <unistd.h>
#include <fmt/format.h>

#include "cli/cmd_check.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/version.h"
#include "base/suggest.h"

namespace xp::cli {
namespace {

constexpr const char* kRunExamples = R"(
Examples:
  exp run examples/iris.exp
  exp run examples/iris.exp --trials 10 --parallel 2 --seed 1
  exp run examples/iris.exp --set lr=0.01 --set hidden=32 --out runs/fixed
  exp run examples/iris.exp --out runs/iris --resume   # continue an interrupted study
  exp run examples/iris.exp --quiet --json > report.json

Ctrl-C stops after the running trials and still prints the report; press it
again to quit at once.)";

constexpr const char* kCheckExamples = R"(
Examples:
  exp check examples/iris.exp
  exp check examples/iris.exp --dump-ir
  exp check examples/iris.exp --cost
  exp check examples/iris.exp --format json    # for editors)";

constexpr const char* kShowExamples = R"(
Examples:
  exp show runs/iris
  exp show runs/iris --top 10
  exp show runs/iris/report.json --json
  exp show runs/iris --html /tmp/iris.html)";

constexpr const char* kPredictExamples = R"(
Examples:
  exp predict runs/iris/model.expm new_flowers.csv
  exp predict runs/iris new_flowers.csv -o predictions.csv --proba)";

constexpr const char* kHelpExamples = R"(
Examples:
  exp help                 # every built-in, by category
  exp help adam            # one built-in
  exp help optimizers      # a category, with docs
  exp help --markdown > docs/stdlib.md)";

constexpr const char* kReplExamples = R"(
Examples:
  exp repl
  exp repl examples/iris.exp      # load a script, then explore it

Inside: statements as in a script, expressions (mlp.W1, iris.train), and
commands (:help, :load, :reset, :hypers, :params, :trials, :shape, :ir, :quit).)";

// CLI11's own range validators print the limits of a double; say it plainly.
const CLI::Validator positive_count(
    [](std::string& v) -> std::string {
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1) return "expected a whole number of at least 1, got `" + v + "`";
      return "";
    },
    "");  // no description: the option's type name ("N") already says what it takes

// --seed takes any 64-bit unsigned number; CLI11 would wrap "-3" and say "Could not convert" for "x".
const CLI::Validator seed_number(
    [](std::string& v) -> std::string {
      bool digits = !v.empty() && v.size() <= 20 && v.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || (v.size() == 20 && v > "18446744073709551615"))
        return "expected a whole number from 0 to 18446744073709551615, got `" + v + "`";
      return "";
    },
    "");

const char* const kCommands[] = {"run", "check", "repl", "predict", "show", "help"};

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
  for (const char* c : kCommands)
    if (word == c) return false;
  fmt::print(stderr, "error: unknown command `{}`\n", word);
  std::string best = xp::closest(word, std::vector<std::string>(std::begin(kCommands), std::end(kCommands))).value_or("");
  if (!best.empty()) fmt::print(stderr, "  help: did you mean `exp {}`?\n", best);
  else if (word.size() > 4 && word.substr(word.size() - 4) == ".exp") fmt::print(stderr, "  help: to run a script: `exp run {}`\n", word);
  else fmt::print(stderr, "  help: the commands are run, check, repl, predict, show and help (`exp --help`)\n");
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
  CLI::App app{"exp — a language for machine-learning experiments: hyperparameters are searched, parameters are learned.", "exp"};
  app.set_version_flag("--version", fmt::format("exp {}", version()), "Print the version and exit");
  app.require_subcommand(1);
  app.fallthrough(false);
  app.footer("Run `exp COMMAND --help` for a command's options and examples. Docs: docs/cli.md");

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Check, train, tune and report a script; writes a run folder");
  run_cmd->add_option("FILE", run.file, "The .exp script")->required();
  run_cmd->add_option("--set", run.sets, "Fix a hyperparameter (repeatable): --set lr=0.01")
      ->type_name("NAME=VALUE")->allow_extra_args(false);
  run_cmd->add_option("--trials", run.trials, "Trial budget for every tune block")->type_name("N")->check(positive_count);
  run_cmd->add_option("--parallel", run.parallel, "Trials run at once (default: the tune block's, else the cores)")
      ->type_name("N")->check(positive_count);
  run_cmd->add_option("--seed", run.seed, "Seed for the whole run (overrides the script's `seed`)")
      ->type_name("N")->check(seed_number);
  run_cmd->add_option("--out", run.out, "Run folder (default runs/<script>-<YYYYMMDD-HHMMSS>)")->type_name("DIR");
  run_cmd->add_flag("--resume", run.resume, "Continue the study saved in --out DIR");
  run_cmd->add_flag("--force", run.force, "Replace the earlier run in --out DIR (refused otherwise)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "No progress and no report; errors only");
  run_cmd->add_flag("--json", run.json, "Print report.json on standard output instead of the console report");
  run_cmd->add_option("--export-splits", run.export_splits,
                      "Also write each data set's train/val/test rows, as trained on (after scaling), as CSVs in DIR")
      ->type_name("DIR");
  run_cmd->footer(kRunExamples);

  CheckOptions check;
  CLI::App* check_cmd = add_check_command(app, check);
  check_cmd->footer(kCheckExamples);

  ShowOptions show;
  auto* show_cmd = app.add_subcommand("show", "Print the report of a saved run folder");
  show_cmd->add_option("RUN_DIR", show.run_dir, "A run folder (or its report.json)")->required();
  show_cmd->add_flag("--json", show.json, "Print report.json itself");
  show_cmd->add_option("--html", show.html, "Write report.html to FILE instead of printing")->type_name("FILE");
  show_cmd->add_option("--top", show.top, "Rows in the best-trials table (default 5)")->type_name("K")->check(positive_count);
  show_cmd->footer(kShowExamples);

  PredictOptions predict;
  auto* predict_cmd = app.add_subcommand("predict", "Predict with a saved model on a CSV of new rows");
  predict_cmd->add_option("MODEL", predict.model, "A model file (model.expm) or a run folder holding one")->required();
  predict_cmd->add_option("DATA", predict.data, "A CSV with the columns the model was trained on")->required();
  predict_cmd->add_option("-o,--out", predict.out, "Write the predictions here (default: standard output)")->type_name("FILE");
  predict_cmd->add_flag("--proba", predict.probabilities, "Add one probability column per class (classifiers)");
  predict_cmd->footer(kPredictExamples);

  HelpOptions help;
  auto* help_cmd = app.add_subcommand("help", "Documentation of built-ins (activations, losses, optimizers, ...)");
  help_cmd->add_option("NAME", help.name, "A built-in or a category");
  help_cmd->add_flag("--markdown", help.markdown, "Print the whole registry as Markdown (docs/stdlib.md)");
  help_cmd->footer(kHelpExamples);

  ReplOptions repl;
  auto* repl_cmd = app.add_subcommand("repl", "Interactive session: statements, expressions and :commands");
  repl_cmd->add_option("FILE", repl.file, "A script to load first");
  repl_cmd->add_flag("-q,--quiet", repl.quiet, "No banner");
  repl_cmd->footer(kReplExamples);

  if (unknown_command(argc, argv)) return kExitUsage;
  if (argc < 2) {
    fmt::print(stderr, "{}\nerror: a command is required\n", app.help());
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    CLI::App* sub = nullptr;
    for (auto* s : app.get_subcommands()) sub = s;
    std::string where = sub ? " " + sub->get_name() : "";
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && sub && !sub->remaining().empty()) {
      report_extra_argument(*sub, sub->remaining().front());
    } else {
      fmt::print(stderr, "error: {}\n", e.what());
    }
    fmt::print(stderr, "  help: run `exp{} --help` for usage\n", where);
    return kExitUsage;
  }
  if (run_cmd->parsed()) return cmd_run(run);
  if (check_cmd->parsed()) return run_check(check, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
  if (show_cmd->parsed()) return cmd_show(show);
  if (predict_cmd->parsed()) return cmd_predict(predict);
  if (help_cmd->parsed()) return cmd_help(help);
  if (repl_cmd->parsed()) return cmd_repl(repl);
  return kExitUsage;
}

}  // namespace xp::cli
