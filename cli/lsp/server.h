#pragma once
// `exp lsp`: a Language Server (LSP 3.17) over a pair of streams. Documents
// are synced whole (or by ranges, when a client sends them); every change
// re-runs the compiler on the text and publishes its diagnostics. Answers
// completion, hover, definition and documentSymbol (cli/lsp/features.h).
#include <iosfwd>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/lsp/features.h"

namespace xp::cli::lsp {

class Server {
 public:
  Server(std::istream& in, std::ostream& out) : in_(in), out_(out) {}
  // Serves until `exit` or the end of the input. Returns the exit code the
  // protocol asks for: 0 after `shutdown` then `exit`, 1 otherwise.
  int run();

 private:
  void handle(const nlohmann::json& message);
  nlohmann::json answer(const std::string& method, const nlohmann::json& params);  // a request's result
  void on_notification(const std::string& method, const nlohmann::json& params);
  void open(const std::string& uri, std::string text);
  void change(const std::string& uri, const nlohmann::json& changes);
  void publish(const std::string& uri);
  const Analysis* document(const nlohmann::json& params) const;
  void send(const nlohmann::json& message);

  std::istream& in_;
  std::ostream& out_;
  std::map<std::string, std::unique_ptr<Analysis>> documents_;
  bool shutdown_ = false;
  bool exit_ = false;
};

}  // namespace xp::cli::lsp
