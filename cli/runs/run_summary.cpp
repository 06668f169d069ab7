#include "cli/runs/run_summary.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "base/hash.h"
#include "runtime/report/format.h"
#include "runtime/report/report_schema.h"

namespace xp::cli {
namespace {

using nlohmann::json;
using rt::report::get;

// One short name for a run's three data parts: FNV-1a over their
// fingerprints, 8 hex digits. Equal data, equal digest; `exp diff` names the part that changed.
std::string data_digest(const json& fingerprints) {
  if (!fingerprints.is_object() || fingerprints.empty()) return "";
  uint64_t h = kFnv1aShortBasis;
  for (const char* part : {"train", "val", "test"}) {
    const json& fp = get(fingerprints, part);
    h = fnv1a64(std::string(part) + "=" + (fp.is_string() ? fp.get<std::string>() : "") + ";", h);
  }
  return fmt::format("{:08x}", static_cast<uint32_t>(h >> 32));
}

// The study's seconds when hypers were tuned, else the final training's.
json run_seconds(const json& report) {
  const json& study = get(get(report, "study"), "seconds");
  if (study.is_number()) return study;
  const json& training = get(get(report, "training"), "seconds");
  return training.is_number() ? training : json();
}

json best_of(const json& report) {
  const json& study = get(report, "study");
  const json& best = get(report, "best");
  if (!study.is_object() || !best.is_object()) return json();
  json out = json::object();
  out["objective"] = rt::report::objective_text(report);
  if (study.contains("direction")) out["direction"] = study["direction"];
  if (best.contains("value")) out["value"] = best["value"];
  if (best.contains("number")) out["trial"] = best["number"];
  return out;
}

}  // namespace

json summarize_run(const std::string& folder, const json& report) {
  json s = json::object();
  s["run"] = folder;
  const json& script = get(report, "script");
  if (get(script, "path").is_string()) s["script"] = script["path"];
  if (get(script, "hash").is_string()) s["script_hash"] = script["hash"];
  if (get(script, "seed").is_number()) s["seed"] = script["seed"];
  for (const char* key : {"created", "model", "task", "exp_version"})
    if (get(report, key).is_string()) s[key] = report[key];
  const auto& models = get(report, "models");
  if (models.is_array() && models.size() > 1) s["models"] = models.size();
  const json& data = get(report, "data");
  if (data.is_object()) {
    json d = json::object();
    if (get(data, "name").is_string()) d["name"] = data["name"];
    if (get(data, "fingerprints").is_object()) {
      d["fingerprints"] = data["fingerprints"];
      d["digest"] = data_digest(data["fingerprints"]);
    }
    if (get(data, "rows").is_object()) d["rows"] = data["rows"];
    s["data"] = d;
  }
  json best = best_of(report);
  if (!best.is_null()) s["best"] = best;
  if (get(report, "metrics").is_object()) s["metrics"] = report["metrics"];
  if (get(report, "hypers").is_object()) s["hypers"] = report["hypers"];
  json seconds = run_seconds(report);
  if (!seconds.is_null()) s["seconds"] = seconds;
  return s;
}

std::vector<json> summarize_run_models(const std::string& folder, const json& report) {
  const std::vector<json> entries = rt::report::model_entries(report);
  if (entries.size() <= 1) return {summarize_run(folder, report)};
  std::vector<json> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    json s = summarize_run(folder, entries[i]);
    s["models"] = entries.size();
    s["model_number"] = i + 1;
    out.push_back(std::move(s));
  }
  return out;
}

json summary_field(const json& summary, std::string_view key) {
  std::string path(key);
  if (path == "best") path = "best.value";
  else if (path == "duration") path = "seconds";
  else if (path == "data") path = "data.name";
  else if (path == "fingerprint") path = "data.digest";
  for (const char* split : {"train.", "val.", "test.", "train+val."})
    if (path.rfind(split, 0) == 0) {
      // metrics.test.accuracy: the split's key holds a dot-free metric name.
      const json& part = get(get(summary, "metrics"), std::string(split, std::strlen(split) - 1).c_str());
      const json& v = get(part, path.substr(std::strlen(split)).c_str());
      return v;
    }
  const json* node = &summary;
  size_t at = 0;
  while (at <= path.size()) {
    size_t end = std::min(path.find('.', at), path.size());
    node = &get(*node, path.substr(at, end - at).c_str());
    if (node->is_null()) return json();
    at = end + 1;
  }
  return *node;
}

std::vector<std::string> find_run_folders(const std::string& folder) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  if (fs::exists(fs::path(folder) / "report.json", ec)) out.push_back(folder);
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it.depth() >= 3) it.disable_recursion_pending();
    if (!it->is_directory(ec)) continue;
    if (fs::exists(it->path() / "report.json", ec)) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace xp::cli
