#pragma once
// JSON-RPC 2.0 over a byte stream with LSP's framing: each message is
// `Content-Length: N\r\n` (other headers ignored) `\r\n` and N bytes of JSON.
#include <iosfwd>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace xp::cli::lsp {

enum class ReadStatus { Message, End, Malformed };

struct Incoming {
  ReadStatus status = ReadStatus::End;
  nlohmann::json message;  // when status == Message
  std::string error;       // when Malformed: what was wrong (a header without a length, bad JSON)
};

// The next message; End at the end of the stream.
Incoming read_message(std::istream& in);
// One message, framed, flushed.
void write_message(std::ostream& out, const nlohmann::json& message);

}  // namespace xp::cli::lsp
