#pragma once
// `import std.models` and `import "file.exp"`: parses every imported file
// (once, even when imported twice) into the importing program's arena and
// places its statements just before the `import` that asked for them.
// Missing files, unknown standard modules and cycles are diagnostics.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ast.h"
#include "base/diagnostics.h"

namespace xp {

// Parses `file` (already in `sources`) and everything it imports into `program`.
void parse_with_imports(ast::Program& program, SourceMap& sources, uint32_t file, Diagnostics& diags);

// A model of a standard module, as `exp help NAME` shows it: the module
// (`std.models`), its declaration line without the body's `{`, and the
// comment lines right above it.
struct StdModelDoc {
  std::string module, signature, doc;
};
std::optional<StdModelDoc> std_model_doc(std::string_view model);

// The standard module (`std.models`) whose file declares a model named
// `model`, for the hint on an undefined name; nullopt when none does.
std::optional<std::string> std_module_defining(std::string_view model);

// A script larger than this is refused with a diagnostic (E0031).
inline constexpr size_t kMaxScriptBytes = size_t{16} << 20;

// Reads a script from disk, refusing files over `limit` bytes; nullopt after
// reporting why (E0030 / E0031).
std::optional<std::string> read_script(const std::string& path, size_t limit, Diagnostics& diags);

}  // namespace xp
