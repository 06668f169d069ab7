#pragma once
// Where `save MODEL "PATH"` (and `report { save "PATH" }`) may write
// (docs/reliability.md, "Where exp writes"):
//  - a relative path is resolved against the script's folder and must stay
//    inside it: `..` that leaves it, or a symbolic link that leads out of it,
//    is refused;
//  - an absolute path is the user's explicit choice, but never the root or a
//    system folder (/bin, /etc, /usr, /proc …);
//  - the destination is a folder that is new, empty, or already an exp run
//    folder or saved copy: exp never overwrites files it did not write.
// Checked by `exp check` and again before a run starts.
#include <string>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp::rt {

// "" when `spec`'s save path is allowed, else why not (one clause).
std::string save_path_problem(const ir::ReportSpec& spec, const std::string& script_dir);
// Every save path of `program`; E0912 at the path's span for each refused one.
bool check_save_paths(const ir::Program& program, Diagnostics& diags);

}  // namespace xp::rt
