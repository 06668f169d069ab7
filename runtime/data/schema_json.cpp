#include "runtime/data/schema_json.h"

#include <cmath>

#include "stdlib/csv.h"
#include "stdlib/iso_date.h"

namespace xp::rt {

const char* impute_name(Impute i) {
  switch (i) {
    case Impute::None: return "none";
    case Impute::Mean: return "mean";
    case Impute::Median: return "median";
    case Impute::Drop: return "drop";
  }
  return "none";
}

std::optional<Impute> parse_impute(std::string_view name) {
  for (Impute i : {Impute::None, Impute::Mean, Impute::Median, Impute::Drop})
    if (name == impute_name(i)) return i;
  return std::nullopt;
}

int SchemaColumn::width() const {
  if (categorical) return static_cast<int>(levels.size());
  return date ? static_cast<int>(stdlib::csv::kDateParts.size()) : 1;
}

int Schema::width() const {
  int w = 0;
  for (const auto& c : features) w += c.width();
  return w;
}

std::vector<std::string> Schema::feature_names() const {
  std::vector<std::string> out;
  for (const auto& c : features) {
    if (c.date) {
      for (auto part : stdlib::csv::kDateParts) out.push_back(c.name + "." + std::string(part));
      continue;
    }
    if (!c.categorical) {
      out.push_back(c.name);
      continue;
    }
    for (const auto& level : c.levels) out.push_back(c.name + "=" + level);
  }
  return out;
}

nlohmann::json to_json(const Schema& s) {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : s.features) {
    nlohmann::json j = {{"name", c.name}, {"categorical", c.categorical}};
    if (c.categorical) j["levels"] = c.levels;
    if (c.date) j["date"] = true;  // absent in files written before dates were parsed
    if (!std::isnan(c.fill)) j["fill"] = c.fill;
    cols.push_back(std::move(j));
  }
  nlohmann::json out = {{"features", cols},
                        {"target", s.target},
                        {"task", s.task == Task::Classification ? "classification" : "regression"},
                        {"classes", s.class_names},
                        {"impute", impute_name(s.impute)}};
  if (s.sep != ',') out["sep"] = std::string(1, s.sep);  // older readers and files: a comma
  return out;
}

std::optional<Schema> schema_from_json(const nlohmann::json& j, std::string& error) {
  // Shape checks first so that a corrupt file gives a message, not an exception.
  auto bad = [&](const char* what) {
    error = std::string("invalid data schema: ") + what;
    return std::nullopt;
  };
  if (!j.is_object() || !j.contains("features") || !j["features"].is_array()) return bad("no feature list");
  if (!j.value("target", nlohmann::json()).is_string()) return bad("no target name");
  Schema s;
  s.target = j["target"].get<std::string>();
  std::string task = j.value("task", "");
  if (task != "classification" && task != "regression") return bad("unknown task");
  s.task = task == "classification" ? Task::Classification : Task::Regression;
  auto impute = parse_impute(j.value("impute", "none"));
  if (!impute) return bad("unknown impute mode");
  s.impute = *impute;
  if (j.contains("sep")) {
    auto sep = j["sep"].is_string() ? stdlib::csv::parse_separator(j["sep"].get<std::string>()) : std::nullopt;
    if (!sep) return bad("unknown separator");
    s.sep = *sep;
  }
  if (j.contains("classes")) {
    if (!j["classes"].is_array()) return bad("class names are not a list");
    for (const auto& c : j["classes"]) {
      if (!c.is_string()) return bad("a class name is not text");
      s.class_names.push_back(c.get<std::string>());
    }
  }
  for (const auto& c : j["features"]) {
    if (!c.is_object() || !c.value("name", nlohmann::json()).is_string()) return bad("a feature has no name");
    SchemaColumn col;
    col.name = c["name"].get<std::string>();
    col.categorical = c.value("categorical", false);
    if (c.contains("date") && !c["date"].is_boolean()) return bad("a date flag is not true or false");
    col.date = c.value("date", false) && !col.categorical;
    if (col.categorical) {
      if (!c.contains("levels") || !c["levels"].is_array()) return bad("a categorical feature has no levels");
      for (const auto& l : c["levels"]) {
        if (!l.is_string()) return bad("a level is not text");
        col.levels.push_back(l.get<std::string>());
      }
    }
    if (c.contains("fill")) {
      if (!c["fill"].is_number()) return bad("a fill value is not a number");
      col.fill = c["fill"].get<double>();
    }
    s.features.push_back(std::move(col));
  }
  return s;
}

nlohmann::json to_json(const Scaling& s) {
  return {{"kind", s.kind}, {"shift", s.shift}, {"scale", s.scale}};
}

std::optional<Scaling> scaling_from_json(const nlohmann::json& j, std::string& error) {
  if (!j.is_object() || !j.value("kind", nlohmann::json()).is_string()) {
    error = "invalid scaling: no kind";
    return std::nullopt;
  }
  Scaling s;
  s.kind = j["kind"].get<std::string>();
  if (s.kind != "none" && s.kind != "standardize" && s.kind != "minmax") {
    error = "invalid scaling: unknown kind `" + s.kind + "`";
    return std::nullopt;
  }
  for (const char* key : {"shift", "scale"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_array()) {
      error = std::string("invalid scaling: `") + key + "` is not a list";
      return std::nullopt;
    }
    auto& out = std::string(key) == "shift" ? s.shift : s.scale;
    for (const auto& v : j[key]) {
      if (!v.is_number()) {
        error = "invalid scaling: a value is not a number";
        return std::nullopt;
      }
      out.push_back(v.get<float>());
    }
  }
  if (s.shift.size() != s.scale.size()) {
    error = "invalid scaling: shift and scale differ in length";
    return std::nullopt;
  }
  return s;
}

}  // namespace xp::rt
