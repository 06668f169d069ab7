#include "cli/lsp/server.h"

#include "cli/lsp/transport.h"
#include "cli/version.h"

namespace xp::cli::lsp {
namespace {

using nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602;

struct RpcError {
  int code;
  std::string message;
};

json capabilities() {
  return {{"positionEncoding", "utf-16"},
          {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
          {"completionProvider", {{"triggerCharacters", {"."}}}},
          {"hoverProvider", true},
          {"definitionProvider", true},
          {"documentSymbolProvider", true},
          {"documentFormattingProvider", true}};
}

}  // namespace

int Server::run() {
  while (!exit_) {
    Incoming m = read_message(in_);
    if (m.status == ReadStatus::End) break;
    if (m.status == ReadStatus::Malformed) {
      send({{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", kParseError}, {"message", m.error}}}});
      if (m.message.is_discarded()) continue;  // a bad body: the framing still holds
      break;                                   // bad framing: nothing after it can be trusted
    }
    handle(m.message);
  }
  return shutdown_ && exit_ ? 0 : 1;
}

void Server::send(const json& message) { write_message(out_, message); }

void Server::handle(const json& message) {
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    if (message.is_object() && message.contains("id"))  // a response to us, or garbage with an id
      if (!message.contains("result") && !message.contains("error"))
        send({{"jsonrpc", "2.0"}, {"id", message["id"]}, {"error", {{"code", kInvalidRequest}, {"message", "no method"}}}});
    return;
  }
  std::string method = message["method"];
  json params = message.value("params", json::object());
  if (!message.contains("id")) {
    try {
      on_notification(method, params);
    } catch (const std::exception&) {
      // A notification has no answer; a malformed one is dropped.
    }
    return;
  }
  json response = {{"jsonrpc", "2.0"}, {"id", message["id"]}};
  try {
    response["result"] = answer(method, params);
  } catch (const RpcError& e) {
    response["error"] = {{"code", e.code}, {"message", e.message}};
  } catch (const json::exception& e) {
    response["error"] = {{"code", kInvalidParams}, {"message", std::string("invalid params: ") + e.what()}};
  }
  send(response);
}

json Server::answer(const std::string& method, const json& params) {
  if (method == "initialize")
    return {{"capabilities", capabilities()}, {"serverInfo", {{"name", "exp"}, {"version", std::string(version())}}}};
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  bool known = method == "textDocument/hover" || method == "textDocument/definition" ||
               method == "textDocument/completion" || method == "textDocument/documentSymbol" ||
               method == "textDocument/formatting";
  if (!known) throw RpcError{kMethodNotFound, "exp lsp does not implement " + method};
  const Analysis* doc = document(params);
  if (!doc) return nullptr;  // a document never opened: nothing to say
  if (method == "textDocument/documentSymbol") return document_symbols(*doc);
  if (method == "textDocument/formatting") return formatting(*doc);
  const json& position = params.at("position");
  if (method == "textDocument/hover") return hover(*doc, position);
  if (method == "textDocument/definition") return definition(*doc, position);
  return completion(*doc, position);
}

void Server::on_notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_ = true;
  } else if (method == "textDocument/didOpen") {
    const json& doc = params.at("textDocument");
    open(doc.at("uri"), doc.at("text"));
  } else if (method == "textDocument/didChange") {
    change(params.at("textDocument").at("uri"), params.at("contentChanges"));
  } else if (method == "textDocument/didSave") {
    // The data files a script reads may have changed: check it again.
    std::string uri = params.at("textDocument").at("uri");
    if (auto it = documents_.find(uri); it != documents_.end()) open(uri, it->second->text);
  } else if (method == "textDocument/didClose") {
    std::string uri = params.at("textDocument").at("uri");
    documents_.erase(uri);
    send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  }
}

void Server::open(const std::string& uri, std::string text) {
  documents_[uri] = std::make_unique<Analysis>(uri, std::move(text));
  publish(uri);
}

void Server::change(const std::string& uri, const json& changes) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return;
  std::string text = it->second->text;
  for (const auto& c : changes) {
    if (!c.contains("range")) {
      text = c.at("text").get<std::string>();
      continue;
    }
    LineIndex lines(text);
    uint32_t begin = lines.offset(c["range"].at("start")), end = lines.offset(c["range"].at("end"));
    text = text.substr(0, begin) + c.at("text").get<std::string>() + text.substr(std::max(begin, end));
  }
  open(uri, std::move(text));
}

void Server::publish(const std::string& uri) {
  const Analysis& a = *documents_.at(uri);
  send({{"jsonrpc", "2.0"},
        {"method", "textDocument/publishDiagnostics"},
        {"params", {{"uri", uri}, {"diagnostics", diagnostics(a)}}}});
}

const Analysis* Server::document(const json& params) const {
  auto it = documents_.find(params.at("textDocument").at("uri").get<std::string>());
  return it == documents_.end() ? nullptr : it->second.get();
}

}  // namespace xp::cli::lsp
