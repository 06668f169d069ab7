#include "base/folder_names.h"

#include <dirent.h>

#include <cerrno>
#include <memory>

namespace xp {

std::vector<std::string> folder_names(const std::filesystem::path& dir, std::error_code& ec) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    ec = std::error_code(errno, std::generic_category());
    return names;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(d, ::closedir);
  while (const dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  return names;
}

}  // namespace xp
