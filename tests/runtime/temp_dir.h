#pragma once
// A fresh directory under the system temp folder for one test's run folders,
// removed with everything in it when the test ends.
#include <unistd.h>

#include <filesystem>
#include <string>

// By default the folder does not exist yet (a run creates its own run
// folder); TempDir(TempDir::created) makes it, for tests that write files.
struct TempDir {
  static constexpr bool created = true;
  std::filesystem::path path;
  explicit TempDir(bool create = false) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("exp-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    if (create) std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str() const { return path.string(); }
};
