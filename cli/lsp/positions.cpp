#include "cli/lsp/positions.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

namespace xp::cli::lsp {
namespace {

// Bytes of the UTF-8 sequence led by `c` (a stray continuation byte counts as one).
size_t sequence_length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

nlohmann::json LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) - 1;
  uint32_t units = 0;
  for (uint32_t i = starts_[line]; i < offset;) {
    size_t n = sequence_length(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;  // a code point beyond the BMP is a surrogate pair
    i += static_cast<uint32_t>(n);
  }
  return {{"line", line}, {"character", units}};
}

nlohmann::json LineIndex::range(uint32_t begin, uint32_t end) const {
  return {{"start", position(begin)}, {"end", position(std::max(begin, end))}};
}

uint32_t LineIndex::offset(const nlohmann::json& position) const {
  size_t line = position.value("line", 0u);
  uint32_t character = position.value("character", 0u);
  if (line >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : static_cast<uint32_t>(text_.size());
  uint32_t at = starts_[line], units = 0;
  while (at < end && units < character) {
    size_t n = sequence_length(static_cast<unsigned char>(text_[at]));
    units += n == 4 ? 2 : 1;
    at = std::min<uint32_t>(end, at + static_cast<uint32_t>(n));
  }
  if (at > starts_[line] && at == end && end > 0 && text_[end - 1] == '\r') --at;  // before a CRLF's \r
  return at;
}

std::string path_from_uri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.rfind(scheme, 0) != 0) return uri;
  std::string out;
  for (size_t i = scheme.size(); i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      out += static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string uri_from_path(const std::string& path) {
  std::error_code ec;
  std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) abs = path;
  std::string out = "file://";
  for (unsigned char c : abs) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace xp::cli::lsp
