#include "runtime/run/report_json.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "base/hash.h"
#include "runtime/report/bounds.h"
#include "runtime/tune/space_diff.h"
#include "stdlib/csv.h"

namespace xp::rt {
namespace {

using json = nlohmann::json;

// JSON has no NaN/Inf: non-finite numbers are left out by the callers.
bool finite(double v) { return std::isfinite(v); }

std::string number_text(double v) { return finite(v) ? fmt::format("{}", v) : ""; }

}  // namespace

json hyper_json(const ir::Value& v) {
  switch (v.kind) {
    case ir::Value::Kind::Number:
      if (v.is_int && std::fabs(v.number) < 9e15) return static_cast<int64_t>(v.number);
      return finite(v.number) ? json(v.number) : json(v.str());
    case ir::Value::Kind::Name:
    case ir::Value::Kind::String: return v.text;
  }
  return v.str();
}

json hypers_json(const ir::Assignment& a) {
  json out = json::object();
  for (const auto& [name, v] : a) out[name] = hyper_json(v);
  return out;
}

json search_space_json(const ir::SearchSpace& space) {
  json out = json::array();
  for (const auto& h : space.hypers) {
    json e = {{"name", h.name}, {"kind", kind_name(h.kind)}};
    switch (h.kind) {
      case ir::HyperDomain::Kind::Fixed: e["value"] = hyper_json(h.fixed); break;
      case ir::HyperDomain::Kind::Choice: {
        // A huge choice (a generated million options) keeps its size and its
        // first options, not every one: the trials record the values used.
        json c = json::array();
        const size_t listed = std::min(h.choices.size(), report::kReportChoicesMax);
        for (size_t i = 0; i < listed; ++i) c.push_back(hyper_json(h.choices[i]));
        e["choices"] = std::move(c);
        if (listed < h.choices.size()) e["choice_count"] = h.choices.size();
        break;
      }
      default:
        e["low"] = h.low;
        e["high"] = h.high;
        if (h.step > 0) e["step"] = h.step;
        if (h.log) e["log"] = true;
    }
    if (!h.when.empty()) e["when"] = h.when_str();
    if (!h.scope.empty()) e["scope"] = h.scope;
    out.push_back(e);
  }
  return out;
}

json data_json(const PreparedData& d) {
  // A one-hot of a 100,000-level column is 100,000 names: report.json lists
  // the first kReportFeatureNamesMax, `features` counts them all (docs/report.md, "Bounds").
  const auto& names = d.info.feature_names;
  const auto listed = std::min(names.size(), report::kReportFeatureNamesMax);
  json out = {{"name", d.info.name},
              {"features", d.info.features()},
              {"feature_names", std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(listed))},
              {"rows", {{"train", d.train.rows()}, {"val", d.val.rows()}, {"test", d.test.rows()}}},
              {"fingerprints", {{"train", d.fingerprint_train}, {"val", d.fingerprint_val}, {"test", d.fingerprint_test}}}};
  if (d.info.task == Task::Classification) out["classes"] = d.info.class_names;
  if (!d.info.target_name.empty()) out["target"] = d.info.target_name;
  if (!d.info.targets.empty()) out["targets"] = d.info.targets;  // several: `target` is the first
  if (d.scaling.kind != "none") out["scaling"] = d.scaling.kind;
  if (d.train.target.kind != "none") out["target_scaling"] = d.train.target.kind;  // metrics are in target units
  if (!d.folds.empty()) out["folds"] = d.folds.size();
  // What one example is, when it is more than a vector of features: an
  // image's axes, or token ids and their vocabulary (docs/data.md).
  if (d.info.shape.size() > 1) out["shape"] = d.info.shape;
  if (d.info.vocab > 0) out["vocab"] = d.info.vocab;
  return out;
}

json params_json(const std::vector<NamedTensor>& params) {
  constexpr size_t kPreview = 8;
  json out = json::object();
  for (const auto& p : params) {
    double sq = 0;
    json preview = json::array();
    for (size_t i = 0; i < p.count; ++i) {
      sq += static_cast<double>(p.values[i]) * p.values[i];
      if (i < kPreview) preview.push_back(p.values[i]);
    }
    json e = {{"shape", p.shape}, {"count", p.count}, {"preview", preview}};
    if (finite(sq)) e["norm"] = std::sqrt(sq);
    out[p.name] = e;
  }
  return out;
}

json history_json(const std::vector<EpochRecord>& history) {
  json out = json::array();
  for (const auto& r : history) {
    json e = {{"epoch", r.epoch}};
    if (finite(r.train_loss)) e["train_loss"] = r.train_loss;
    if (finite(r.val_loss)) e["val_loss"] = r.val_loss;
    for (const auto& [k, v] : r.metrics)
      if (finite(v)) e[k] = v;
    e["seconds"] = r.seconds;
    e["epoch_seconds"] = r.epoch_seconds;
    e["epoch_cpu_seconds"] = r.epoch_cpu_seconds;
    out.push_back(e);
  }
  return out;
}

json trial_json(const TrialRecord& t) {
  json e = {{"number", t.number}, {"state", to_string(t.state)}, {"hypers", hypers_json(t.hypers)}};
  if (t.state == TrialState::Complete && finite(t.value)) e["value"] = t.value;
  json inter = json::array();
  for (const auto& [step, v] : t.intermediate)
    if (finite(v)) inter.push_back(v);
  e["intermediate"] = inter;
  if (!t.reason.empty()) e["reason"] = t.reason;
  // cv objectives keep per-fold scores as cv.fold<k> and the spread as cv.std.
  json folds = json::array();
  for (int k = 0;; ++k) {
    auto it = t.metrics.find(fmt::format("cv.fold{}", k));
    if (it == t.metrics.end()) break;
    folds.push_back(it->second);
  }
  if (!folds.empty()) e["folds"] = folds;
  if (auto it = t.metrics.find("cv.std"); it != t.metrics.end() && finite(it->second)) e["std"] = it->second;
  if (t.max_resource > 0) e["max_resource"] = t.max_resource;
  if (t.budget() > 0) e["budget"] = t.budget();
  e["seconds"] = t.seconds;
  return e;
}

std::string trials_csv(const std::vector<TrialRecord>& trials, const ir::SearchSpace& space) {
  std::string out = "number,state,value,budget,seconds";
  for (const auto& h : space.hypers) out += "," + stdlib::csv::field(h.name);
  out += "\n";
  for (const auto& t : trials) {
    out += fmt::format("{},{},{},{},{}", t.number, to_string(t.state),
                       t.state == TrialState::Complete ? number_text(t.value) : "",
                       t.budget() > 0 ? std::to_string(t.budget()) : "", number_text(t.seconds));
    for (const auto& h : space.hypers) {
      auto it = t.hypers.find(h.name);
      out += ",";
      if (it != t.hypers.end()) out += stdlib::csv::field(it->second.kind == ir::Value::Kind::Number ? it->second.str() : it->second.text);
    }
    out += "\n";
  }
  return out;
}

std::string content_hash(const std::string& bytes) { return fmt::format("fnv1a64:{:016x}", fnv1a64(bytes)); }

std::string utc_now_iso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace xp::rt
