// `exp diff RUN_A RUN_B`: what changed between two runs — the script's lines
// (the copies in the run folders), seed, model, data fingerprints, the hypers
// chosen and the metrics — read from their report.json. --json.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_file.h"
#include "cli/runs/line_diff.h"
#include "cli/table.h"
#include "cli/terminal.h"
#include "runtime/io/atomic_file.h"
#include "runtime/report/format.h"
#include "runtime/report/report_schema.h"

namespace xp::cli {
namespace {

using nlohmann::json;
// The result keeps the order it is built in (train, val, test), unlike a report's sorted keys.
using ojson = nlohmann::ordered_json;
using rt::report::get;

struct DiffOptions {
  std::string a, b;
  bool json = false;
};

// A run folder (or its report.json) → the folder.
std::filesystem::path run_folder_of(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = path;
  return std::filesystem::is_directory(p, ec) ? p : p.parent_path();
}

std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::string text, why;
  if (!rt::read_file(file.string(), text, why)) return std::nullopt;
  return text;
}

ojson pair_of(const json& a, const json& b) {
  ojson p = ojson::object();
  p["a"] = a;
  p["b"] = b;
  p["same"] = a == b;
  return p;
}

// The hash a data fingerprint was made with: its prefix ("bulk64:…"), or
// FNV-1a for the bare hex digits runs recorded before prefixes
// (runtime/data/split.h). Fingerprints of two kinds say nothing about
// whether the rows differ.
std::string fingerprint_kind(const json& fp) {
  if (!fp.is_string()) return "";
  const std::string text = fp.get<std::string>();
  const size_t colon = text.find(':');
  return colon == std::string::npos ? "fnv1a" : text.substr(0, colon);
}

ojson fingerprint_pair(const json& a, const json& b) {
  ojson p = pair_of(a, b);
  if (a.is_string() && b.is_string() && fingerprint_kind(a) != fingerprint_kind(b)) p["comparable"] = false;
  return p;
}

ojson script_section(const DiffOptions& o, const json& ra, const json& rb) {
  const json& sa = get(ra, "script");
  const json& sb = get(rb, "script");
  ojson out = ojson::object();
  out["path"] = pair_of(get(sa, "path"), get(sb, "path"));
  out["hash"] = pair_of(get(sa, "hash"), get(sb, "hash"));
  auto ta = read_text(run_folder_of(o.a) / "script.exp");
  auto tb = read_text(run_folder_of(o.b) / "script.exp");
  if (ta && tb) {
    out["diff"] = unified_line_diff(*ta, *tb);
    out["same"] = out["diff"].empty();
  } else {
    out["same"] = out["hash"]["same"];
    out["missing"] = !ta && !tb ? "A and B" : !ta ? "A" : "B";  // script.exp absent: only the hashes compare
  }
  return out;
}

// Keys of two objects: the splits and parts first in their natural order
// (train, val, test), then the others by name.
std::vector<std::string> union_keys(const json& a, const json& b) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const char* known : {"train", "train+val", "val", "test"})
    if (get(a, known).is_null() == false || get(b, known).is_null() == false) {
      keys.emplace_back(known);
      seen.insert(known);
    }
  for (const json* o : {&a, &b})
    if (o->is_object())
      for (const auto& item : o->items())
        if (seen.insert(item.key()).second) keys.push_back(item.key());
  return keys;
}

ojson metrics_section(const json& ma, const json& mb) {
  ojson out = ojson::object();
  for (const auto& split : union_keys(ma, mb)) {
    const json& pa = get(ma, split.c_str());
    const json& pb = get(mb, split.c_str());
    for (const auto& metric : union_keys(pa, pb)) {
      ojson entry = ojson::object();
      entry["a"] = get(pa, metric.c_str());
      entry["b"] = get(pb, metric.c_str());
      if (entry["a"].is_number() && entry["b"].is_number())
        entry["delta"] = entry["b"].get<double>() - entry["a"].get<double>();
      out[split + "." + metric] = entry;
    }
  }
  return out;
}

// What one model of A and one of B differ in: its data, hypers and metrics
// (the run-wide script and seed are compared once). Null sides: a model one
// run trained and the other did not.
void diff_model(ojson& out, const json& ra, const json& rb) {
  const json& da = get(ra, "data");
  const json& db = get(rb, "data");
  ojson data = ojson::object();
  data["name"] = pair_of(get(da, "name"), get(db, "name"));
  ojson fps = ojson::object();
  for (const auto& part : union_keys(get(da, "fingerprints"), get(db, "fingerprints")))
    fps[part] = fingerprint_pair(get(get(da, "fingerprints"), part.c_str()), get(get(db, "fingerprints"), part.c_str()));
  data["fingerprints"] = fps;
  data["rows"] = pair_of(get(da, "rows"), get(db, "rows"));
  out["data"] = data;
  ojson hypers = ojson::object();
  for (const auto& h : union_keys(get(ra, "hypers"), get(rb, "hypers")))
    hypers[h] = pair_of(get(get(ra, "hypers"), h.c_str()), get(get(rb, "hypers"), h.c_str()));
  out["hypers"] = hypers;
  out["metrics"] = metrics_section(get(ra, "metrics"), get(rb, "metrics"));
}

// A run's models by name, in the order they ran.
std::vector<std::pair<std::string, json>> named_models(const json& report) {
  std::vector<std::pair<std::string, json>> out;
  for (const auto& m : rt::report::model_entries(report))
    out.emplace_back(get(m, "model").is_string() ? m["model"].get<std::string>() : "(black box)", m);
  return out;
}

ojson diff_reports(const DiffOptions& o, const json& ra, const json& rb) {
  ojson out = ojson::object();
  out["a"] = o.a;
  out["b"] = o.b;
  out["script"] = script_section(o, ra, rb);
  out["seed"] = pair_of(get(get(ra, "script"), "seed"), get(get(rb, "script"), "seed"));
  out["model"] = pair_of(get(ra, "model"), get(rb, "model"));
  diff_model(out, ra, rb);  // the last model of each (the run's model.expm), as for one model
  // Several models in either run: each compared with its namesake in the other, in A's order then B's new ones.
  auto ma = named_models(ra), mb = named_models(rb);
  if (ma.size() > 1 || mb.size() > 1) {
    ojson models = ojson::array();
    std::set<std::string> done;
    auto find = [](const auto& list, const std::string& name) -> const json* {
      for (const auto& entry : list)
        if (entry.first == name) return &entry.second;
      return nullptr;
    };
    for (const auto* list : {&ma, &mb})
      for (const auto& entry : *list) {
        const std::string& name = entry.first;
        if (!done.insert(name).second) continue;
        static const json none;
        const json* a = find(ma, name);
        const json* b = find(mb, name);
        ojson m = ojson::object();
        m["model"] = name;
        m["in"] = a && b ? "A and B" : a ? "A" : "B";
        diff_model(m, a ? *a : none, b ? *b : none);
        models.push_back(m);
      }
    out["models"] = models;
  }
  return out;
}

std::string shown(const ojson& v) { return v.is_null() ? "—" : rt::report::format_value(json(v)); }

std::string render_change(const ojson& pair) {
  if (pair["same"].get<bool>()) return shown(pair["a"]);
  return shown(pair["a"]) + " → " + shown(pair["b"]);
}

// One model's data parts, hypers and metrics, A beside B.
std::string render_model_diff(const ojson& d) {
  using A = Table::Align;
  const ojson& data = d["data"];
  std::string out = fmt::format("\ndata {}\n", render_change(data["name"]));
  Table parts({{"part", A::Left}, {"A", A::Left}, {"B", A::Left}, {"", A::Left}});
  for (const auto& [part, pair] : data["fingerprints"].items())
    parts.row({part, shown(pair["a"]), shown(pair["b"]),
               pair.contains("comparable") ? "not comparable (hashed by different exp versions)"
               : pair["same"].get<bool>()  ? ""
                                           : "changed"});
  if (!parts.empty()) out += parts.render(2);

  out += "\nhypers\n";
  Table hypers({{"hyper", A::Left}, {"A", A::Right}, {"B", A::Right}, {"", A::Left}});
  for (const auto& [name, pair] : d["hypers"].items())
    hypers.row({name, shown(pair["a"]), shown(pair["b"]), pair["same"].get<bool>() ? "" : "changed"});
  out += hypers.empty() ? "  (none)\n" : hypers.render(2);

  out += "\nmetrics\n";
  Table metrics({{"metric", A::Left}, {"A", A::Right}, {"B", A::Right}, {"B − A", A::Right}});
  for (const auto& [name, entry] : d["metrics"].items()) {
    std::string delta;
    if (entry.contains("delta")) {
      double v = entry["delta"].get<double>();
      delta = (v > 0 ? "+" : "") + rt::report::format_measure(v);
    }
    metrics.row({name, shown(entry["a"]), shown(entry["b"]), delta});
  }
  out += metrics.empty() ? "  (none)\n" : metrics.render(2);
  return out;
}

std::string render_diff(const ojson& d) {
  std::string out = fmt::format("A  {}\nB  {}\n\n", d["a"].get<std::string>(), d["b"].get<std::string>());
  const ojson& script = d["script"];
  out += fmt::format("script  {}", render_change(script["path"]));
  if (script["same"].get<bool>()) out += "  (same text)\n";
  else if (script.contains("missing"))
    out += fmt::format("  (different text; no script.exp in {} to compare lines)\n", script["missing"].get<std::string>());
  else out += "\n";
  if (script.contains("diff"))
    for (const auto& line : script["diff"]) out += "  " + line.get<std::string>() + "\n";
  out += fmt::format("seed    {}\n", render_change(d["seed"]));
  if (!d.contains("models")) return out + fmt::format("model   {}\n", render_change(d["model"])) + render_model_diff(d);
  // Several models: each in turn, under its name.
  for (const auto& m : d["models"]) {
    const std::string name = m["model"].get<std::string>();
    std::string title = "── model " + name + (m["in"] == "A and B" ? "" : " (only in " + m["in"].get<std::string>() + ")") + " ";
    out += "\n" + title + std::string(static_cast<size_t>(std::max(3, 72 - static_cast<int>(title.size()))), '-') + "\n";
    out += render_model_diff(m);
  }
  return out;
}

int diff_runs(const DiffOptions& o) {
  std::string error;
  auto ra = load_report(o.a, error);
  if (!ra) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  auto rb = load_report(o.b, error);
  if (!rb) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  ojson d = diff_reports(o, *ra, *rb);
  if (o.json) fmt::print("{}\n", d.dump(2));
  else fmt::print("{}", render_diff(d));
  return kExitOk;
}

}  // namespace

CommandRun define_diff(CLI::App& cmd) {
  auto o = std::make_shared<DiffOptions>();
  cmd.add_option("RUN_A", o->a, "A run folder (or its report.json)")->required();
  cmd.add_option("RUN_B", o->b, "The run folder to compare it with")->required();
  cmd.add_flag("--json", o->json, "Print the differences as JSON");
  return [o](const CLI::App&) { return diff_runs(*o); };
}

}  // namespace xp::cli
