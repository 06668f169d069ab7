#pragma once
// Readable text of a Resolution (exp check --dump-after=resolve): one line per
// resolved name, in source order: `12:7  W1  → param mlp.W1 (#0)`.
#include <string>

#include "compiler/ast.h"
#include "base/diagnostics.h"
#include "compiler/symbols.h"

namespace xp {

std::string dump_resolution(const ast::Program& program, const Resolution& resolution, const SourceMap& sources);
const char* kind_name(Symbol::Kind kind);  // "hyper", "param", "dimension", ...

}  // namespace xp
