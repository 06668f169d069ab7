#include "cli/fmt/fmt_file.h"

#include "cli/fmt/format_source.h"
#include "compiler/ast_dump.h"
#include "compiler/parse_program.h"

namespace xp::cli {

FormatOutcome format_script(const std::string& path, const std::string& text) {
  FormatOutcome out;
  uint32_t file = out.sources.add(path, text);
  std::string before = ast::dump(parse_program(out.sources, file, out.diags));
  if (out.diags.has_errors()) return out;
  out.formatted = format_source(text);
  SourceMap again_sources;
  Diagnostics again_diags;
  std::string after = ast::dump(parse_program(again_sources, again_sources.add(path, out.formatted), again_diags));
  if (again_diags.has_errors() || after != before) {
    out.internal = "the formatted text would parse differently; the file is left as it is (a bug in `exp fmt`: please report it)";
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace xp::cli
