#pragma once
// The names in a folder, by opendir/readdir. libstdc++'s
// directory_iterator(dir, ec) is noexcept and terminates the process when
// an allocation fails inside it (found by the allocation-failure sweep,
// tests/reliability/alloc_sweep.py); this throws std::bad_alloc like any
// other allocation, which `exp` reports as "out of memory".
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace xp {

// Every entry but . and .., in the order the system gives; empty with `ec`
// set when the folder cannot be read.
std::vector<std::string> folder_names(const std::filesystem::path& dir, std::error_code& ec);

}  // namespace xp
