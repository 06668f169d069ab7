#include "cli/lsp/transport.h"

#include <cctype>
#include <istream>
#include <ostream>

namespace xp::cli::lsp {
namespace {

// A client never sends a header block this long or a body this big; a
// stream that does is not speaking LSP, and we stop instead of allocating.
constexpr size_t kMaxHeaderLine = 4096;
constexpr size_t kMaxBody = size_t{64} << 20;

bool read_header_line(std::istream& in, std::string& line) {
  line.clear();
  char c;
  while (in.get(c)) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (line.size() >= kMaxHeaderLine) return false;
    line += c;
  }
  return !line.empty();
}

}  // namespace

Incoming read_message(std::istream& in) {
  Incoming r;
  std::optional<size_t> length;
  std::string line;
  bool any = false;
  while (read_header_line(in, line)) {
    any = true;
    if (line.empty()) break;
    const std::string key = "content-length:";
    std::string lower;
    for (char c : line.substr(0, key.size())) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == key) {
      try {
        length = std::stoul(line.substr(key.size()));
      } catch (const std::exception&) {
        length.reset();
      }
    }
  }
  if (!any) return r;  // End
  r.status = ReadStatus::Malformed;
  if (!length || *length > kMaxBody) {
    r.error = "a message without a valid Content-Length header";
    return r;
  }
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) {
    r.error = "the stream ended inside a message";
    return r;
  }
  r.message = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (r.message.is_discarded()) {
    r.error = "a message that is not JSON";
    return r;
  }
  r.status = ReadStatus::Message;
  return r;
}

void write_message(std::ostream& out, const nlohmann::json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace xp::cli::lsp
