#pragma once
// Text forms of the data schema (runtime/data/dataset.h: Schema, Scaling) for
// the model file: JSON in, JSON out, validated on the way in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/data/dataset.h"

namespace xp::rt {

const char* impute_name(Impute i);
std::optional<Impute> parse_impute(std::string_view name);

nlohmann::json to_json(const Schema& s);
// nullopt (and `error` set) when the JSON does not describe a schema.
std::optional<Schema> schema_from_json(const nlohmann::json& j, std::string& error);
nlohmann::json tokens_to_json(const Tokens& t);
std::optional<Tokens> tokens_from_json(const nlohmann::json& j, std::string& error);
nlohmann::json to_json(const Scaling& s);
std::optional<Scaling> scaling_from_json(const nlohmann::json& j, std::string& error);

}  // namespace xp::rt
