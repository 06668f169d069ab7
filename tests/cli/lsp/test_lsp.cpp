// The language server's plumbing: LSP positions over UTF-8 text (UTF-16
// characters), file URIs, and the Content-Length framing. The conversation
// itself is tests/lsp/conversation.py.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/lsp/features.h"
#include "cli/lsp/positions.h"
#include "cli/lsp/transport.h"

using xp::cli::lsp::LineIndex;

TEST_CASE("LSP positions count UTF-16 units per line, both ways") {
  std::string text = "ab\nx é y\n😀z\n";
  LineIndex lines(text);
  CHECK(lines.position(0) == nlohmann::json({{"line", 0}, {"character", 0}}));
  CHECK(lines.position(3) == nlohmann::json({{"line", 1}, {"character", 0}}));
  uint32_t y = static_cast<uint32_t>(text.find('y'));
  CHECK(lines.position(y) == nlohmann::json({{"line", 1}, {"character", 4}}));  // é is one unit, two bytes
  uint32_t z = static_cast<uint32_t>(text.find('z'));
  CHECK(lines.position(z) == nlohmann::json({{"line", 2}, {"character", 2}}));  // the emoji is a surrogate pair
  CHECK(lines.offset(lines.position(y)) == y);
  CHECK(lines.offset(lines.position(z)) == z);
  CHECK(lines.offset({{"line", 0}, {"character", 99}}) == 2);  // past a line's end: its end
  CHECK(lines.offset({{"line", 9}, {"character", 0}}) == text.size());
  CHECK(lines.position(9999) == lines.position(static_cast<uint32_t>(text.size())));
}

TEST_CASE("file URIs and paths convert both ways, percent-encoding what must be") {
  CHECK(xp::cli::lsp::path_from_uri("file:///tmp/a%20b.exp") == "/tmp/a b.exp");
  CHECK(xp::cli::lsp::uri_from_path("/tmp/a b.exp") == "file:///tmp/a%20b.exp");
  CHECK(xp::cli::lsp::path_from_uri("untitled:1") == "untitled:1");
}

TEST_CASE("messages are framed with Content-Length, and bad frames are told apart") {
  std::stringstream s;
  xp::cli::lsp::write_message(s, {{"jsonrpc", "2.0"}, {"id", 1}, {"result", "é"}});
  auto m = xp::cli::lsp::read_message(s);
  REQUIRE(m.status == xp::cli::lsp::ReadStatus::Message);
  CHECK(m.message["result"] == "é");
  CHECK(xp::cli::lsp::read_message(s).status == xp::cli::lsp::ReadStatus::End);

  std::stringstream no_length("X-Other: 1\r\n\r\n{}");
  CHECK(xp::cli::lsp::read_message(no_length).status == xp::cli::lsp::ReadStatus::Malformed);
  std::stringstream short_body("Content-Length: 10\r\n\r\n{}");
  CHECK(xp::cli::lsp::read_message(short_body).status == xp::cli::lsp::ReadStatus::Malformed);
  std::stringstream huge("Content-Length: 99999999999\r\n\r\n");
  CHECK(xp::cli::lsp::read_message(huge).status == xp::cli::lsp::ReadStatus::Malformed);
}

TEST_CASE("the language server's diagnostics are exp check's, runtime checks included (E0912)") {
  std::string path = std::string(EXP_SOURCE_DIR) + "/tests/diagnostics/save_escape.exp";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  xp::cli::lsp::Analysis a(xp::cli::lsp::uri_from_path(path), text.str());
  auto diags = xp::cli::lsp::diagnostics(a);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0]["code"] == "E0912");
  CHECK(diags[0]["range"]["start"] == nlohmann::json({{"line", 15}, {"character", 9}}));  // 16:10, 0-based
  CHECK(diags[0]["message"].get<std::string>().find("help: save to a folder beside the script") != std::string::npos);
}
