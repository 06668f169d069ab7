#include "cli/cmd_check.h"

#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "cli/check_script.h"
#include "cli/commands.h"
#include "cli/validators.h"

#include "compiler/driver.h"
#include "compiler/render.h"

namespace xp::cli {

CommandRun define_check(CLI::App& app) {
  auto options_ptr = std::make_shared<CheckOptions>();
  CheckOptions& options = *options_ptr;
  CLI::App* cmd = &app;
  cmd->add_option("FILE", options.file, "The .exp script")->required();
  cmd->add_option("--format", options.format, "Diagnostics as text or json")->type_name("text|json")->check(one_of({"text", "json"}));
  std::string stages;
  for (auto s : stage_names()) stages += (stages.empty() ? "" : ", ") + std::string(s);
  cmd->add_option("--dump-after", options.dump_after, "Print the program after a stage (" + stages + ")")
      ->type_name("STAGE")->check([](const std::string& v) {
        for (auto s : stage_names())
          if (v == s) return std::string();
        std::string known;
        for (auto s : stage_names()) known += (known.empty() ? "" : ", ") + std::string(s);
        return "unknown stage `" + v + "` (stages: " + known + ")";
      });
  cmd->add_flag("--dump-ir", options.dump_ir, "Print the lowered program");
  cmd->add_flag("--cost", options.cost, "Print each model's parameter count, FLOPs and memory over the search space");
  cmd->add_option("--color", options.color, "Color diagnostics: auto, always or never")
      ->type_name("auto|always|never")->check(one_of({"auto", "always", "never"}));
  return [options_ptr](const CLI::App&) {
    return run_check(*options_ptr, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
  };
}

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  CompileOptions compile;
  compile.dump_after = options.dump_after;
  compile.dump_ir = options.dump_ir;
  compile.cost = options.cost;
  CompileResult result = check_script_file(options.file, compile);
  out << result.dumps;
  if (options.format == "json") {
    out << render_json(result.diags, result.sources);
  } else {
    RenderOptions render;
    render.color = color_wanted(options.color, err_is_terminal);
    err << render_text(result.diags, result.sources, render);
  }
  return result.ok() ? 0 : 2;
}

}  // namespace xp::cli
