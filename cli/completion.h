#pragma once
// Shell completion scripts generated from the command line itself (the
// command table, cli/command_table.h, built into a CLI::App): every command,
// its options, which options take a value, and what a value or an argument
// is (a file, a folder, one of a few words). `exp completion bash|zsh|fish`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI { class App; }

namespace xp::cli {

// What to offer for an option's value or a positional argument.
struct CompletionValue {
  enum Kind { None, File, Dir, Words } kind = None;
  std::vector<std::string> words;  // Kind::Words
};

struct CompletionOption {
  std::vector<std::string> names;  // "--out", "-o"
  std::string description;
  bool takes_value = false;
  CompletionValue value;
};

struct CompletionCommand {
  std::string name;
  std::string summary;
  std::vector<CompletionOption> options;  // --help included
  CompletionValue argument;               // the positional arguments' kind (None: no positional)
};

std::vector<CompletionCommand> completion_model(const CLI::App& root);

std::vector<std::string_view> completion_shells();  // bash, zsh, fish
// nullopt for a shell not in completion_shells().
std::optional<std::string> completion_script(std::string_view shell, const CLI::App& root);

}  // namespace xp::cli
