#include "runtime/data/schema_json.h"

#include <cmath>
#include <set>

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
  if (tokens.kind == Tokens::Kind::Text) return static_cast<int>(tokens.length);
  int w = 0;
  for (const auto& c : features) w += c.width();
  return w;
}

std::vector<std::string> Schema::feature_names() const {
  std::vector<std::string> out;
  if (tokens.kind == Tokens::Kind::Text)  // one id per position: review.1 … review.T
    for (int64_t i = 1; i <= tokens.length; ++i) out.push_back(tokens.column + "." + std::to_string(i));
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
  if (!s.targets.empty()) out["targets"] = s.targets;     // several targets; `target` is the first
  // Absent in files written before shapes and tokens (a vector of features).
  if (!s.shape.empty()) out["shape"] = s.shape;
  if (s.tokens.kind != Tokens::Kind::None) out["tokens"] = tokens_to_json(s.tokens);
  return out;
}

namespace {

// Each reader fills its part of a schema from a model file's JSON and says
// what is wrong with it (nullptr: nothing), so a corrupt file gives a
// message, not an exception: the shape of every value is checked before it
// is read.

const char* read_texts(const nlohmann::json& list, std::vector<std::string>& out, const char* not_list,
                       const char* not_text) {
  if (!list.is_array()) return not_list;
  for (const auto& t : list) {
    if (!t.is_string()) return not_text;
    out.push_back(t.get<std::string>());
  }
  return nullptr;
}

// The target(s), the task, `impute:` and the separator.
const char* read_settings(const nlohmann::json& j, Schema& s) {
  if (!j.value("target", nlohmann::json()).is_string()) return "no target name";
  s.target = j["target"].get<std::string>();
  if (j.contains("targets")) {  // several targets (absent for one, and in older files)
    if (j["targets"].is_array() && j["targets"].size() < 2) return "the targets are not a list of several";
    if (auto bad = read_texts(j["targets"], s.targets, "the targets are not a list of several", "a target name is not text"))
      return bad;
    if (s.targets.front() != s.target) return "the first of the targets is not the target";
  }
  std::string task = j.value("task", "");
  if (task != "classification" && task != "regression") return "unknown task";
  s.task = task == "classification" ? Task::Classification : Task::Regression;
  auto impute = parse_impute(j.value("impute", "none"));
  if (!impute) return "unknown impute mode";
  s.impute = *impute;
  if (j.contains("sep")) {
    auto sep = j["sep"].is_string() ? stdlib::csv::parse_separator(j["sep"].get<std::string>()) : std::nullopt;
    if (!sep) return "unknown separator";
    s.sep = *sep;
  }
  return nullptr;
}

const char* read_feature(const nlohmann::json& c, SchemaColumn& col) {
  if (!c.is_object() || !c.value("name", nlohmann::json()).is_string()) return "a feature has no name";
  col.name = c["name"].get<std::string>();
  col.categorical = c.value("categorical", false);
  if (c.contains("date") && !c["date"].is_boolean()) return "a date flag is not true or false";
  col.date = c.value("date", false) && !col.categorical;
  if (col.categorical) {
    if (!c.contains("levels")) return "a categorical feature has no levels";
    if (auto bad = read_texts(c["levels"], col.levels, "a categorical feature has no levels", "a level is not text"))
      return bad;
  }
  if (c.contains("fill")) {
    if (!c["fill"].is_number()) return "a fill value is not a number";
    col.fill = c["fill"].get<double>();
  }
  return nullptr;
}

// After the features: token data has numeric id columns, or none (text).
const char* check_tokens(const Schema& s) {
  if ((s.tokens.kind == Tokens::Kind::Text) != s.features.empty())
    return s.tokens.kind == Tokens::Kind::Text ? "a text schema lists feature columns" : "no feature column";
  for (const auto& c : s.features)
    if (s.tokens.kind == Tokens::Kind::Ids && (c.categorical || c.date)) return "a token id column is not numeric";
  return nullptr;
}

const char* read_shape(const nlohmann::json& shape, Schema& s) {
  if (!shape.is_array() || shape.empty() || shape.size() > kMaxExampleRank)
    return "the per-example shape is not a list of 1 to 6 sizes";
  int64_t product = 1;
  for (const auto& d : shape) {
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > kMaxExampleSize)
      return "a size of the per-example shape is not a whole number from 1 to 2^31";
    product *= d.get<int64_t>();
    if (product > kMaxExampleSize) return "the per-example shape is too large";
    s.shape.push_back(d.get<int64_t>());
  }
  return product == s.width() ? nullptr : "the per-example shape does not hold the schema's features";
}

}  // namespace

std::optional<Schema> schema_from_json(const nlohmann::json& j, std::string& error) {
  auto bad = [&](const std::string& what) {
    error = "invalid data schema: " + what;
    return std::nullopt;
  };
  if (!j.is_object() || !j.contains("features") || !j["features"].is_array()) return bad("no feature list");
  Schema s;
  if (auto why = read_settings(j, s)) return bad(why);
  if (j.contains("classes"))
    if (auto why = read_texts(j["classes"], s.class_names, "class names are not a list", "a class name is not text"))
      return bad(why);
  for (const auto& c : j["features"]) {
    SchemaColumn col;
    if (auto why = read_feature(c, col)) return bad(why);
    s.features.push_back(std::move(col));
  }
  if (j.contains("tokens")) {
    std::string why;
    auto tokens = tokens_from_json(j["tokens"], why);
    if (!tokens) return bad(why);
    s.tokens = std::move(*tokens);
    if (auto problem = check_tokens(s)) return bad(problem);
  }
  if (j.contains("shape"))
    if (auto why = read_shape(j["shape"], s)) return bad(why);
  return s;
}

nlohmann::json tokens_to_json(const Tokens& t) {
  nlohmann::json j = {{"kind", t.kind == Tokens::Kind::Text ? "text" : "ids"}, {"vocab", t.vocab}};
  if (t.kind == Tokens::Kind::Text) {
    j["column"] = t.column;
    j["length"] = t.length;
    j["words"] = t.words;
  }
  return j;
}

// A saved vocabulary is bounded before anything is allocated from it: the
// vocabulary size and length by Tokens::kMaxVocab / kMaxLength, the words by
// the vocabulary size (a file cannot name more words than it has ids), and
// each word once (a repeated word would make its later id unreachable).
std::optional<Tokens> tokens_from_json(const nlohmann::json& j, std::string& error) {
  auto bad = [&](const char* what) {
    error = std::string("token ids: ") + what;
    return std::nullopt;
  };
  if (!j.is_object()) return bad("not an object");
  Tokens t;
  std::string kind = j.value("kind", "");
  if (kind != "ids" && kind != "text") return bad("unknown kind");
  t.kind = kind == "text" ? Tokens::Kind::Text : Tokens::Kind::Ids;
  const auto& vocab = j.value("vocab", nlohmann::json());
  if (!vocab.is_number_integer() || vocab.get<int64_t>() < 1 || vocab.get<int64_t>() > Tokens::kMaxVocab)
    return bad("the vocabulary size is not a whole number from 1 to 1000000");
  t.vocab = vocab.get<int64_t>();
  if (t.kind == Tokens::Kind::Ids) return t;
  if (t.vocab < Tokens::kFirstWord) return bad("a text vocabulary needs the padding and unknown ids");
  if (!j.value("column", nlohmann::json()).is_string()) return bad("no text column");
  t.column = j["column"].get<std::string>();
  const auto& length = j.value("length", nlohmann::json());
  if (!length.is_number_integer() || length.get<int64_t>() < 1 || length.get<int64_t>() > Tokens::kMaxLength)
    return bad("the length is not a whole number from 1 to 100000");
  t.length = length.get<int64_t>();
  const auto& words = j.value("words", nlohmann::json());
  if (!words.is_array()) return bad("no word list");
  if (static_cast<int64_t>(words.size()) > t.vocab - Tokens::kFirstWord) return bad("more words than the vocabulary has ids");
  std::set<std::string> seen;
  for (const auto& w : words) {
    if (!w.is_string() || w.get<std::string>().empty()) return bad("a word is not text");
    if (!seen.insert(w.get<std::string>()).second) return bad("a word appears twice");
    t.words.push_back(w.get<std::string>());
  }
  return t;
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
