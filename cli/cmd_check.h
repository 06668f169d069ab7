#pragma once
// `exp check FILE`: parse and check a script, print its diagnostics (and any
// dump asked for). Exit 0 when there are no errors (warnings are printed), 2 otherwise.
#include <iosfwd>
#include <string>

namespace xp::cli {

struct CheckOptions {
  std::string file;
  std::string format = "text";  // text | json
  std::string dump_after;       // a stage name (compiler/driver.h stage_names())
  bool dump_ir = false;
  bool cost = false;
  std::string color = "auto";   // auto | always | never
};

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace xp::cli
