// `exp completion`: the scripts are generated from the command table, so
// every command and option is in them; bash's is run in bash to prove it
// parses and completes (zsh and fish are not installed here: goldens cover them).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command_table.h"
#include "cli/completion.h"

namespace {

std::string completion_run_bash(const std::string& script) {
  std::string out;
  FILE* p = popen(fmt::format("bash -c '{}' 2>&1", script).c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  CHECK(status == 0);
  return out;
}

// What bash offers for the words typed so far (the last one being completed).
std::string completion_offers(const std::string& script_path, const std::string& words) {
  return completion_run_bash(fmt::format(
      "source {} && COMP_WORDS=({}) && COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)) && _exp && echo \"${{COMPREPLY[*]}}\"",
      script_path, words));
}

}  // namespace

TEST_CASE("the bash completion script parses and offers every command and option of the table") {
  std::vector<xp::cli::CommandRun> runs;
  auto app = xp::cli::make_app(runs);
  auto script = xp::cli::completion_script("bash", *app);
  REQUIRE(script);
  auto path = std::filesystem::temp_directory_path() / fmt::format("exp-completion-{}.bash", ::getpid());
  std::ofstream(path) << *script;
  completion_run_bash("bash -n " + path.string());

  std::string commands = completion_offers(path.string(), "exp \"\"");
  for (const auto& c : xp::cli::command_table()) CHECK(commands.find(std::string(c.name)) != std::string::npos);
  CHECK(completion_offers(path.string(), "exp ch") == "check\n");

  // Every option of every command, from the CLI11 definitions themselves.
  for (const auto& c : xp::cli::completion_model(*app)) {
    std::string offered = completion_offers(path.string(), "exp " + c.name + " -");
    for (const auto& o : c.options)
      for (const auto& n : o.names) CHECK_MESSAGE(offered.find(n) != std::string::npos, c.name, " ", n);
  }
  CHECK(completion_offers(path.string(), "exp check --format \"\"") == "text json\n");
  CHECK(completion_offers(path.string(), "exp completion \"\"") == "bash zsh fish\n");
  std::filesystem::remove(path);
}

TEST_CASE("completion knows which options take a value, and what it is") {
  std::vector<xp::cli::CommandRun> runs;
  auto app = xp::cli::make_app(runs);
  bool saw_out = false, saw_resume = false;
  for (const auto& c : xp::cli::completion_model(*app)) {
    if (c.name != "run") continue;
    CHECK(c.argument.kind == xp::cli::CompletionValue::File);
    for (const auto& o : c.options) {
      if (o.names.front() == "--out") {
        saw_out = true;
        CHECK(o.takes_value);
        CHECK(o.value.kind == xp::cli::CompletionValue::Dir);
      }
      if (o.names.front() == "--resume") {
        saw_resume = true;
        CHECK_FALSE(o.takes_value);
      }
    }
  }
  CHECK(saw_out);
  CHECK(saw_resume);
  CHECK_FALSE(xp::cli::completion_script("powershell", *app));
}
