#pragma once
// JSON form of the IR pieces a saved model needs (model graphs, hyper values),
// so `exp predict` rebuilds the network from the model file without the
// script. Reading validates everything (indices in range, ops topological,
// bounded depth) and throws IrJsonError — a model file is untrusted input.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ir/ir.h"

namespace xp::ir {

class IrJsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const Value& v);
nlohmann::json to_json(const Assignment& a);
nlohmann::json to_json(const ModelGraph& m);

Value value_from_json(const nlohmann::json& j);
Assignment assignment_from_json(const nlohmann::json& j);
ModelGraph model_from_json(const nlohmann::json& j);

}  // namespace xp::ir
