#pragma once
// What a script declares, for the language server's symbols, hover,
// go-to-definition and completion: data sets, hypers, models (with their
// inputs, params, hypers and locals) and the train/tune/report/… blocks,
// each with where its name is and a one-line text of what it is.
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast.h"
#include "base/diagnostics.h"

namespace xp::cli::lsp {

struct Declaration {
  enum class Kind { Data, Hyper, Model, Input, Param, Local, Block } kind;
  std::string name;     // "lr", "mlp", "W1"; a block's is its header ("train mlp on iris")
  std::string owner;    // the model a model item belongs to; "" at top level
  Span name_span;       // where the name is (the whole header for a block)
  Span span;            // the whole declaration
  std::string text;     // as written, one line: "hyper lr ~ loguniform(1e-3, 1e-1)", "param W1: [F, hidden] ~ glorot"
  std::vector<Declaration> children;  // a model's items
};

// The statements of `program` in order (imported files' too: filter by span.file).
std::vector<Declaration> collect_declarations(const ast::Program& program, const SourceMap& sources);

// The source text of a span, whitespace runs collapsed to one space (a declaration on one line).
std::string span_text(const SourceMap& sources, Span span);

std::string_view kind_name(Declaration::Kind kind);

}  // namespace xp::cli::lsp
