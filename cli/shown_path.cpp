#include "cli/shown_path.h"

#include <filesystem>

namespace xp::cli {

std::string shown_path(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (ec || path.empty() || path.front() != '/') return path;
  std::filesystem::path rel = std::filesystem::path(path).lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return path;
  std::string out = rel.string();
  if (path.back() == '/' && (out.empty() || out.back() != '/')) out += '/';
  return out;
}

}  // namespace xp::cli
