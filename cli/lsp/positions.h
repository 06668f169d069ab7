#pragma once
// LSP positions (0-based line, character in UTF-16 code units — the
// protocol's default encoding) ↔ byte offsets in a document's UTF-8 text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace xp::cli::lsp {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // {"line": L, "character": C}; an offset past the end is the end.
  nlohmann::json position(uint32_t offset) const;
  nlohmann::json range(uint32_t begin, uint32_t end) const;
  // A position past a line's end is that line's end; past the last line, the text's end.
  uint32_t offset(const nlohmann::json& position) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

// file:///a/b%20c.exp → /a/b c.exp; anything not a file URI is returned as is.
std::string path_from_uri(const std::string& uri);
std::string uri_from_path(const std::string& path);

}  // namespace xp::cli::lsp
