#include "compiler/script_location.h"

#include <filesystem>

namespace xp {

ScriptLocation locate_script(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  return {absolute.string(), absolute.parent_path().string()};
}

}  // namespace xp
