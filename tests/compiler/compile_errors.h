#pragma once
// Compiles a whole script text as if it sat in examples/ (so shipped data
// sets and relative paths resolve) and lists its errors as
// "CODE@text-under-the-span", in report order.
#include <string>
#include <vector>

#include "compiler/driver.h"

namespace xp::test {

inline std::vector<std::string> compile_errors(const std::string& text) {
  CompileResult r = compile_source(std::string(EXP_SOURCE_DIR) + "/examples/compile_errors_test.exp", text);
  std::vector<std::string> out;
  for (const auto& d : r.diags.all())
    if (d.severity == Severity::Error) out.push_back(d.code + "@" + text.substr(d.span.begin, d.span.end - d.span.begin));
  return out;
}

}  // namespace xp::test
