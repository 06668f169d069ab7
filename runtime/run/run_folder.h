#pragma once
// The run folder on disk (docs/report.md, docs/reliability.md): created once
// the data has loaded and before any training (so a bad --out fails before
// training, and a data error leaves no folder), locked for the whole run,
// written file by file through runtime/io/atomic_file.h.
//
// The bundle rule: report.json is the folder's commit record. It is removed
// before the run replaces anything and written last (then report.html, from
// it), so a reader who finds report.json finds the model, trials and script
// of that same run — never a new model beside an old report.
#include <string>

#include "base/diagnostics.h"
#include "runtime/io/atomic_file.h"

namespace xp::rt {

struct FolderMode {
  bool resume = false;     // --resume: the folder must hold a study; it is continued
  bool force = false;      // --force: a folder holding an earlier run is replaced
  bool claim_new = false;  // the default name: never reuse a folder; add -2, -3 … when taken
};

class RunFolder {
 public:
  RunFolder() = default;
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;
  ~RunFolder();  // releases the lock

  // Creates `dir` (and parents) and takes its lock: an advisory flock on
  // <dir>/.lock held until this object dies (or the process does, even by
  // kill -9). Reports E0909 when another run holds it, E0910 when the
  // folder holds an earlier run and neither resume nor force is set, E0906
  // when it cannot be created; returns false then.
  bool open(const std::string& dir, const FolderMode& mode, Diagnostics& diags);
  const std::string& path() const { return dir_; }          // absolute
  std::string file(const std::string& name) const;           // <dir>/<name>
  // Writes <dir>/<name> atomically; reports E0906 and returns false on failure.
  bool write(const std::string& name, const std::string& bytes, Diagnostics& diags) const;
  // Removes report.json and report.html before anything else of the folder
  // is replaced (the bundle rule above).
  bool retract_report(Diagnostics& diags) const;
  // A run refused after the folder was opened (exit code 2: a bad tune
  // setting, a write that failed) leaves no half-made folder behind: when
  // this run created the folder and it holds nothing of the run's work
  // (only the script's copy, the lock and temporaries), they and the folder
  // are removed, as if the run had been refused before it began. A folder
  // that existed before, or that holds a study, a model or trials, is left
  // as it is — like a crash, without a report, its study resumable.
  // Returns whether the folder is gone.
  bool abandon();
  // Copies every finished file of this folder into `dest` (`report { save }`),
  // each atomically; SQLite's -wal/-shm side files, the lock and temporaries
  // are left behind.
  bool copy_to(const std::string& dest, Diagnostics& diags) const;

 private:
  std::string dir_;
  int lock_fd_ = -1;
  bool created_ = false;  // open() made the folder (it did not exist before)
};

// The files that make a folder a run folder (what --out refuses to replace
// without --force, and what `save` may overwrite).
bool is_run_file(const std::string& name);

}  // namespace xp::rt
