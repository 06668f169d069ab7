#include "cli/check_script.h"

#include "runtime/run/save_path.h"

namespace xp::cli {
namespace {

CompileResult with_runtime_checks(CompileResult result) {
  if (result.ir) rt::check_save_paths(*result.ir, result.diags);
  return result;
}

}  // namespace

CompileResult check_script_file(const std::string& path, const CompileOptions& options) {
  return with_runtime_checks(compile_file(path, options));
}

CompileResult check_script_text(const std::string& path, std::string text, const CompileOptions& options) {
  return with_runtime_checks(compile_source(path, std::move(text), options));
}

}  // namespace xp::cli
