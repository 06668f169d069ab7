#pragma once
// Every check of `exp check` on a script: the compiler's pipeline, then the
// checks only the runtime can make before anything runs (where `save` may
// write, runtime/run/save_path.h). `exp check` and the language server both
// call it, so an editor shows exactly what `exp check` prints.
#include <string>

#include "compiler/driver.h"

namespace xp::cli {

CompileResult check_script_file(const std::string& path, const CompileOptions& options = {});
CompileResult check_script_text(const std::string& path, std::string text, const CompileOptions& options = {});

}  // namespace xp::cli
