#pragma once
// Where a script lives, resolved once by the driver: its absolute,
// normalised path and the folder its relative data and save paths resolve
// against. The data probe, the lowering and the IR read these two strings
// and never derive them again, so the checker and the runtime name a file
// alike.
#include <string>

namespace xp {

struct ScriptLocation {
  std::string path;  // absolute, lexically normal
  std::string dir;   // its folder
};

ScriptLocation locate_script(const std::string& path);

}  // namespace xp
