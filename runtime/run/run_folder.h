#pragma once
// The run folder on disk (docs/report.md): created up front so a bad --out
// fails before any training, written file by file through a temporary name
// and a rename so a crash never leaves half a report.
#include <string>

#include "compiler/diagnostics.h"

namespace xp::rt {

class RunFolder {
 public:
  // Creates `dir` (and parents). Reports E0906 and returns false on failure.
  bool open(const std::string& dir, Diagnostics& diags);
  const std::string& path() const { return dir_; }          // absolute
  std::string file(const std::string& name) const;           // <dir>/<name>
  // Writes <dir>/<name>; reports E0906 and returns false on failure.
  bool write(const std::string& name, const std::string& bytes, Diagnostics& diags) const;
  // Copies every finished file of this folder into `dest` (`report { save }`);
  // SQLite's -wal/-shm side files are left behind.
  bool copy_to(const std::string& dest, Diagnostics& diags) const;

 private:
  std::string dir_;
};

// Writes `bytes` to `path` via `path.tmp` + rename; false with `why` set on failure.
bool write_file_atomic(const std::string& path, const std::string& bytes, std::string& why);
// The whole file, or false with `why`.
bool read_file(const std::string& path, std::string& out, std::string& why);

}  // namespace xp::rt
