// libFuzzer entry point for the whole front end: parse → resolve → checks →
// shapes → lowering, on arbitrary bytes. Any crash, sanitizer report, hang or
// unbounded allocation here is a bug: hostile input must end in diagnostics.
//
// The script is named as if it lived in a folder that does not exist, so
// relative `import "…"` and `csv("…")` paths resolve nowhere and the run has
// no file-system effects (the front end only ever reads).
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/driver.h"
#include "compiler/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  xp::CompileOptions options;
  options.dump_ir = true;  // also exercise the IR printer and the cost model
  options.cost = true;
  xp::CompileResult result = xp::compile_source("/nonexistent-exp-fuzz-dir/fuzz.exp", std::move(text), options);
  // Rendering touches every span against the source map: out-of-range spans show up here.
  std::string text_out = xp::render_text(result.diags, result.sources);
  std::string json_out = xp::render_json(result.diags, result.sources);
  return 0;  // libFuzzer reserves non-zero return values
}
