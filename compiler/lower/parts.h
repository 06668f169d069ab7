#pragma once
// Internal to compiler/lower/: one function per part of the program.
#include <string>

#include "compiler/lower/lower.h"
#include "compiler/passes/shapes.h"

namespace xp::lowering {

struct Input {
  const ast::Program& p;
  const Resolution& r;
  const ShapeFacts& facts;
  std::string script_dir;  // absolute; relative paths resolve here
};

std::vector<ir::DataSpec> data_specs(const Input& in);
ir::ModelGraph model_graph(const Input& in, const ast::Model& m);
ir::TrainSpec train_spec(const Input& in, size_t stmt_index, const ast::Train& t);
ir::TuneSpec tune_spec(const Input& in, const ast::Tune& t);
ir::CallSpec call_spec(const Input& in, ast::ExprId id);       // adam(lr), opt(lr, momentum: m), glorot
std::string absolute(const std::string& dir, const std::string& path);
std::string metric_text(const Input& in, ast::ExprId id);     // val.accuracy, f1
bool flag(const Input& in, ast::ExprId id);                    // true / false / 1 / 0

}  // namespace xp::lowering
