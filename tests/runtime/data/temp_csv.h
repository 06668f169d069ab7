#pragma once
// Test helpers for the data module: a temporary CSV file and diagnostic lookups.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "base/diagnostics.h"

namespace xp::test {

// A file in the temp folder, removed when the test ends.
struct TempCsv {
  std::filesystem::path path;
  explicit TempCsv(const std::string& contents) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("exp_test_data_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".csv");
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~TempCsv() { std::filesystem::remove(path); }
  std::string str() const { return path.string(); }
};

// The first diagnostic with `code`, or nullptr.
inline const Diagnostic* find_code(const Diagnostics& d, const std::string& code) {
  for (const auto& x : d.all())
    if (x.code == code) return &x;
  return nullptr;
}

}  // namespace xp::test
