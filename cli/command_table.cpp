#include "cli/command_table.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/version.h"
#include "runtime/graph/blas.h"

namespace xp::cli {
namespace {

constexpr const char* kRunExamples = R"(
Examples:
  exp run examples/iris.exp
  exp run examples/iris.exp --trials 10 --parallel 2 --seed 1
  exp run examples/iris.exp --set lr=0.01 --set hidden=32 --out runs/fixed
  exp run examples/iris.exp --out runs/iris --resume   # continue an interrupted study
  exp run examples/iris.exp --storage postgresql://me@dbhost/exp --worker   # one of many (docs/distributed.md)
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
  exp show runs/iris --html /tmp/iris.html
  exp show --storage postgresql://me@dbhost/exp                # the studies a store holds
  exp show --storage postgresql://me@dbhost/exp --study iris   # one of them, while workers run it)";

constexpr const char* kCopyStudyExamples = R"(
Examples:
  exp copy-study postgresql://me@dbhost/exp iris.db --study iris        # export to an SQLite file
  exp copy-study runs/iris/study.db postgresql://me@dbhost/exp --study iris   # import a run's study
  exp show --storage sqlite:///abs/iris.db --study iris                # read the copy

The password comes from PGPASSWORD or ~/.pgpass (docs/distributed.md).)";

constexpr const char* kPredictExamples = R"(
Examples:
  exp predict runs/iris/model.expm new_flowers.csv
  exp predict runs/iris new_flowers.csv -o predictions.csv --proba)";

constexpr const char* kHelpExamples = R"(
Examples:
  exp help                 # every built-in, by category
  exp help adam            # one built-in
  exp help optimizers      # a category, with docs
  exp help run             # a command (as `exp run --help`)
  exp help --markdown > docs/stdlib.md)";

constexpr const char* kReplExamples = R"(
Examples:
  exp repl
  exp repl examples/iris.exp      # load a script, then explore it

Inside: statements as in a script, expressions (mlp.W1, iris.train), and
commands (:help, :load, :reset, :hypers, :params, :trials, :shape, :ir, :quit).)";

constexpr const char* kRunsExamples = R"(
Examples:
  exp runs                                   # the run folders under runs/
  exp runs runs/iris --sort test.accuracy -r # best first
  exp runs --filter script=examples/iris.exp --filter test.accuracy>=0.9
  exp runs --json)";

constexpr const char* kDiffExamples = R"(
Examples:
  exp diff runs/iris-20261127-010203 runs/iris-20261127-020304
  exp diff runs/a runs/b --json)";

constexpr const char* kFmtExamples = R"(
Examples:
  exp fmt examples/iris.exp            # print it formatted
  exp fmt --check *.exp                # list the files not formatted (exit 1 if any)
  exp fmt --write *.exp                # format them in place)";

constexpr const char* kLspExamples = R"(
The language server speaks LSP 3.17 over standard input and output; an
editor starts it (docs/editors.md): diagnostics as you type (those of
`exp check`), completion, hover, go to definition and document symbols.)";

constexpr const char* kCompletionExamples = R"(
Examples:
  source <(exp completion bash)                            # this shell
  exp completion bash > ~/.local/share/bash-completion/completions/exp
  exp completion zsh > "${fpath[1]}/_exp"
  exp completion fish > ~/.config/fish/completions/exp.fish)";

// The order is `exp --help`'s order: the everyday commands first.
const Command kCommands[] = {
    {"run", "Check, train, tune and report a script; writes a run folder", kRunExamples, define_run},
    {"check", "Parse and check a script without running it", kCheckExamples, define_check},
    {"repl", "Interactive session: statements, expressions and :commands", kReplExamples, define_repl},
    {"show", "Print the report of a saved run folder (or a study in a study store)", kShowExamples, define_show},
    {"runs", "List the run folders under a folder: script, date, seed, data, best, test metrics", kRunsExamples,
     define_runs},
    {"diff", "What changed between two runs: script lines, seed, data, hypers, metrics", kDiffExamples, define_diff},
    {"predict", "Predict with a saved model on a CSV of new rows", kPredictExamples, define_predict},
    {"copy-study", "Copy a study between study stores (PostgreSQL, SQLite files): export, import", kCopyStudyExamples,
     define_copy_study},
    {"fmt", "Format scripts in the one canonical layout (comments kept)", kFmtExamples, define_fmt},
    {"lsp", "Language server for editors (LSP over standard input and output)", kLspExamples, define_lsp},
    {"help", "Documentation of built-ins (activations, losses, optimizers, ...) and commands", kHelpExamples,
     define_help},
    {"completion", "Print a shell completion script (bash, zsh or fish)", kCompletionExamples, define_completion},
};

}  // namespace

std::span<const Command> command_table() { return kCommands; }

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : kCommands) names.emplace_back(c.name);
  return names;
}

std::unique_ptr<CLI::App> make_app(std::vector<CommandRun>& runs) {
  auto app = std::make_unique<CLI::App>(
      "exp — a language for machine-learning experiments: hyperparameters are searched, parameters are learned.", "exp");
  // Which library multiplies matrices: results differ between them by
  // rounding (docs/performance.md), so a run is only reproduced bit for bit
  // by a build with the same one.
  app->set_version_flag(
      "--version", [] { return fmt::format("exp {}\nmatrix products: {}", version(), rt::matrix_backend()); },
      "Print the version and exit");
  app->require_subcommand(1);
  app->fallthrough(false);
  app->footer("Run `exp COMMAND --help` for a command's options and examples. Docs: docs/cli.md");
  runs.clear();
  for (const auto& c : kCommands) {
    CLI::App* cmd = app->add_subcommand(std::string(c.name), std::string(c.summary));
    runs.push_back(c.define(*cmd));
    cmd->footer(std::string(c.examples));
  }
  return app;
}

}  // namespace xp::cli
