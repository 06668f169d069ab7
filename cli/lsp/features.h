#pragma once
// The language server's answers for one analysed document: the result of
// every check of `exp check` on the editor's text (cli/check_script.h, so the
// same diagnostics) plus what the script declares.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/lsp/declarations.h"
#include "cli/lsp/positions.h"
#include "compiler/driver.h"

namespace xp::cli::lsp {

struct Analysis {
  std::string uri;
  std::string text;
  CompileResult result;
  std::vector<Declaration> declarations;  // of every file (the main one's have span.file == result.main_file)
  std::unique_ptr<LineIndex> lines;       // over `text`

  Analysis(std::string uri, std::string text);
};

// textDocument/publishDiagnostics params.diagnostics: every diagnostic of the
// document; one in an imported file or a data file is shown at the import or
// the file's start, its place in the message.
nlohmann::json diagnostics(const Analysis& a);
// textDocument/documentSymbol: DocumentSymbol[], models with their items as children.
nlohmann::json document_symbols(const Analysis& a);
// textDocument/hover: a built-in's signature and doc, a hyper's search space,
// a declaration as written, an expression's shape; null when there is nothing.
nlohmann::json hover(const Analysis& a, const nlohmann::json& position);
// textDocument/definition: the declaration of the model, hyper, data set,
// param, input or local under the cursor (a Location), or null.
nlohmann::json definition(const Analysis& a, const nlohmann::json& position);
// textDocument/completion: keywords, built-ins with their signatures, and the
// names in scope at the position (the enclosing model's items too).
nlohmann::json completion(const Analysis& a, const nlohmann::json& position);

// textDocument/formatting: `exp fmt`'s layout as one edit of the whole
// document; no edits when it is formatted or has syntax errors.
nlohmann::json formatting(const Analysis& a);

}  // namespace xp::cli::lsp
