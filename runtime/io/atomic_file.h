#pragma once
// The one way exp writes a file it produces (report.json, report.html,
// model.expm, trials.csv, predictions, exported splits, script.exp):
//
//   unique temp beside the target, opened O_CREAT|O_EXCL|O_NOFOLLOW (0644)
//   → write everything → fsync → rename over the target → fsync the folder
//
// so a reader sees the old file or the new one, never a part; a crash or a
// full disk leaves no temp behind (it is removed on every failure path); a
// symlink planted at the target or at a temp name never redirects the write
// (rename replaces a link, it does not follow it; the temp name is new and
// O_NOFOLLOW|O_EXCL refuse anything already there). See docs/reliability.md.
#include <string>
#include <string_view>

namespace xp::rt {

// false with `why` (the failing step and strerror) on failure; `path` is then
// untouched.
bool write_file_atomic(const std::string& path, std::string_view bytes, std::string& why);

// The whole of a regular file, or false with `why` (a FIFO, a device or a
// folder is refused before anything is read, and so is a file larger than
// `max_bytes`).
bool read_file(const std::string& path, std::string& out, std::string& why, size_t max_bytes = size_t{1} << 32);

// fsync of a folder, so that a rename or a new file in it survives power
// loss. Filesystems that cannot sync folders (EINVAL) count as success.
bool sync_folder(const std::string& dir, std::string& why);

}  // namespace xp::rt
