// `exp fmt FILE... [--check] [--write]`: the canonical layout of scripts
// (cli/fmt/format_source.h). Prints the formatted text, or with --check
// lists the files that are not formatted (exit 1), or with --write rewrites
// them in place (atomically).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diagnostic_output.h"
#include "cli/exit_codes.h"
#include "cli/fmt/fmt_file.h"
#include "compiler/driver.h"
#include "compiler/imports.h"
#include "runtime/io/atomic_file.h"

namespace xp::cli {
namespace {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  bool write = false;
};

int format_files(const FmtOptions& o) {
  if (o.check && o.write) {
    fmt::print(stderr, "error: --check and --write exclude each other\n  help: --check only reports; --write rewrites\n");
    return kExitUsage;
  }
  bool failed = false, unformatted = false;
  for (const auto& path : o.files) {
    // Read as `exp check` reads a script: the same errors (E0030, E0031) for a missing or huge file.
    Diagnostics read_errors;
    auto text = read_script(path, kMaxScriptBytes, read_errors);
    if (!text) {
      print_diagnostics(read_errors, nullptr);
      failed = true;
      continue;
    }
    FormatOutcome r = format_script(path, *text);
    if (!r.ok) {
      if (!r.internal.empty()) fmt::print(stderr, "error: {}: {}\n", path, r.internal);
      else print_diagnostics(r.diags, &r.sources);
      failed = true;
      continue;
    }
    bool changed = r.formatted != *text;
    if (o.check) {
      if (changed) fmt::print("{}\n", path);  // as gofmt -l: the files to format
      unformatted |= changed;
    } else if (o.write) {
      std::string why;
      if (changed && !rt::write_file_atomic(path, r.formatted, why)) {
        fmt::print(stderr, "error: cannot write {}: {}\n", path, why);
        failed = true;
      }
    } else {
      fmt::print("{}", r.formatted);
    }
  }
  if (failed) return kExitUsage;
  return unformatted ? kExitNotFormatted : kExitOk;
}

}  // namespace

CommandRun define_fmt(CLI::App& cmd) {
  auto o = std::make_shared<FmtOptions>();
  cmd.add_option("FILE", o->files, "The .exp scripts")->required();
  cmd.add_flag("--check", o->check, "Print the files that are not formatted; exit 1 if there are any");
  cmd.add_flag("-w,--write", o->write, "Rewrite the files in place");
  return [o](const CLI::App&) { return format_files(*o); };
}

}  // namespace xp::cli
