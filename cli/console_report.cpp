#include "cli/console_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "cli/shown_path.h"
#include "cli/table.h"
#include "cli/terminal.h"
#include "base/plural.h"
#include "runtime/report/bounds.h"
#include "runtime/report/format.h"

namespace xp::cli {
namespace {

using nlohmann::json;
using rt::report::format_measure;
using rt::report::format_number;
using rt::report::format_seconds;
using rt::report::format_shape;
using rt::report::format_space;
using rt::report::format_value;
using rt::report::get;

constexpr size_t kRuleWidth = 78;  // fixed, so reports read the same in any terminal and in goldens
constexpr int kBarWidth = 30;
constexpr size_t kPreviewValues = 4;

double number_or(const json& j, const char* key, double fallback) {
  const json& v = get(j, key);
  return v.is_number() ? v.get<double>() : fallback;
}

std::string heading(const std::string& title, const Style& style) {
  std::string text = "── " + title + " ";
  size_t w = display_width(text);
  if (w < kRuleWidth) {
    for (size_t i = w; i < kRuleWidth; ++i) text += "─";
  }
  return "\n" + style.bold(text) + "\n\n";
}

std::string title_line(const json& r) {
  std::string model = get(r, "model").is_string() ? get(r, "model").get<std::string>() : "";
  const json& data = get(r, "data");
  std::string out;
  if (model.empty()) {
    out = "black-box tuning (no model)";
  } else {
    out = model;
    if (get(data, "name").is_string()) out += " on " + get(data, "name").get<std::string>();
  }
  std::vector<std::string> facts;
  if (get(r, "task").is_string()) facts.push_back(get(r, "task").get<std::string>());
  if (get(data, "vocab").is_number() && get(data, "features").is_number())
    facts.push_back(fmt::format("{} token ids from a vocabulary of {}", format_value(data["features"]),
                                format_value(data["vocab"])));
  else if (get(data, "shape").is_array())
    facts.push_back(fmt::format("examples of shape {}", format_shape(data["shape"])));
  else if (get(data, "features").is_number())
    facts.push_back(diag::count_of(data["features"].get<long long>(), "feature", "features"));
  if (get(data, "classes").is_array()) facts.push_back(diag::count_of(static_cast<long long>(data["classes"].size()), "class", "classes"));
  if (get(data, "targets").is_array()) facts.push_back(diag::count_of(static_cast<long long>(data["targets"].size()), "target", "targets"));
  if (!facts.empty()) {
    out += " — ";
    for (size_t i = 0; i < facts.size(); ++i) out += (i ? ", " : "") + facts[i];
  }
  out += "\n";
  const json& rows = get(data, "rows");
  if (rows.is_object() && !rows.empty()) {
    out += "rows";
    for (const char* split : {"train", "val", "test"})
      if (get(rows, split).is_number()) out += fmt::format("  {} {}", split, format_value(rows[split]));
    out += "\n";
  }
  const json& script = get(r, "script");
  if (get(script, "path").is_string()) {
    out += "script " + shown_path(script["path"].get<std::string>());
    if (get(script, "seed").is_number()) out += "  seed " + format_value(script["seed"]);
    out += "\n";
  }
  return out;
}

bool maximize(const json& r) { return get(get(r, "study"), "direction") == "maximize"; }

std::string metric_name(const json& r) {
  const json& m = get(get(r, "study"), "metric");
  return m.is_string() ? m.get<std::string>() : "value";
}

// Searched (non-fixed) hypers in declaration order: the columns of the trials table.
std::vector<std::string> searched_hypers(const json& r) {
  std::vector<std::string> names;
  for (const auto& e : get(r, "search_space"))
    if (e.value("kind", "") != "fixed" && e.contains("name")) names.push_back(e["name"].get<std::string>());
  return names;
}

std::string study_summary(const json& r) {
  const json& s = get(r, "study");
  std::string out;
  int complete = static_cast<int>(number_or(s, "complete", 0));
  int pruned = static_cast<int>(number_or(s, "pruned", 0));
  int failed = static_cast<int>(number_or(s, "failed", 0));
  out += fmt::format("  search     {} — {} trials: {} complete, {} pruned, {} failed", format_value(get(s, "method")),
                     complete + pruned + failed, complete, pruned, failed);
  // A grid smaller than the budget runs every point: "the whole grid" says
  // why it stopped short of the budget.
  if (get(s, "stopped").is_string() && s["stopped"] == "grid exhausted")
    out += " (the whole grid)";
  else if (get(s, "budget").is_number())
    out += fmt::format(" (budget {})", format_value(s["budget"]));
  // Why the study ended before its budget (a timeout, Ctrl-C, an error); the
  // ordinary ends (budget spent, grid exhausted) go without saying.
  if (get(s, "stopped").is_string() && s["stopped"] != "trial budget reached" && s["stopped"] != "grid exhausted")
    out += fmt::format(" — {}", s["stopped"] == "stopped" ? "interrupted (Ctrl-C)" : s["stopped"].get<std::string>());
  out += "\n";
  std::string timing;
  if (get(s, "seconds").is_number()) timing = format_seconds(s["seconds"].get<double>());
  // One per core when the script did not say: a machine's number, not the run's (and not in goldens).
  if (get(s, "parallel").is_number() && !get(s, "parallel_default").is_boolean()) timing += (timing.empty() ? "" : ", ") + format_value(s["parallel"]) + " in parallel";
  if (!timing.empty()) out += "  time       " + timing + "\n";
  out += fmt::format("  objective  {} {}", get(s, "direction").is_string() ? s["direction"].get<std::string>() : "?",
                     rt::report::objective_text(r));
  const json& best = get(r, "best");
  if (get(best, "value").is_number())
    out += fmt::format(" — best {} (trial {})", format_measure(best["value"].get<double>()), format_value(get(best, "number")));
  return out + "\n";
}

std::string space_table(const json& r, const Style& style) {
  Table t({{"hyper"}, {"search space"}, {"chosen"}});
  const json& chosen = get(r, "hypers");
  for (const auto& e : get(r, "search_space")) {
    std::string name = e.value("name", "?");
    std::string space = format_space(e);
    if (e.contains("when") && e["when"].is_string()) space += " if " + e["when"].get<std::string>();
    std::string value = chosen.contains(name) ? format_value(chosen[name]) : "— (inactive)";
    t.row({name, space, value});
  }
  // Hypers in the assignment but absent from the space (older writers): still shown.
  for (const auto& [name, v] : chosen.items()) {
    bool listed = false;
    for (const auto& e : get(r, "search_space")) listed = listed || e.value("name", "") == name;
    if (!listed) t.row({name, "", format_value(v)});
  }
  return t.empty() ? "  (no hyperparameters)\n" : t.render(2, style);
}

std::string importance_bars(const json& r) {
  const json& imp = get(r, "importance");
  if (!imp.is_object() || imp.empty()) return "";
  std::vector<std::pair<std::string, double>> items;
  for (const auto& [k, v] : imp.items())
    if (v.is_number()) items.emplace_back(k, v.get<double>());
  std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.second > b.second; });
  double top = items.empty() ? 0 : std::max(items.front().second, 1e-12);
  size_t name_w = 0;
  for (auto& [k, v] : items) name_w = std::max(name_w, display_width(k));
  std::string out = "\n  importance (share of the objective's variation each hyper explains)\n";
  for (auto& [k, v] : items) {
    int filled = static_cast<int>(std::lround(std::clamp(v / top, 0.0, 1.0) * kBarWidth));
    std::string bar;
    for (int i = 0; i < kBarWidth; ++i) bar += i < filled ? "█" : "·";
    out += fmt::format("  {}{}  {}  {}\n", k, std::string(name_w - display_width(k), ' '), bar, format_number(v));
  }
  return out;
}

std::string failures(const json& r) {
  std::string out;
  int shown = 0, failed = 0;
  for (const auto& t : get(r, "trials")) {
    if (t.value("state", "") != "failed") continue;
    ++failed;
    if (shown++ < 3) out += fmt::format("  trial {} failed: {}\n", format_value(get(t, "number")), t.value("reason", "no reason given"));
  }
  if (failed > shown) out += fmt::format("  … and {} more failed trials (see trials.csv)\n", failed - shown);
  return out.empty() ? "" : "\n" + out;
}

std::string preview(const json& p) {
  const json& values = get(p, "preview");
  if (!values.is_array() || values.empty()) return "";
  std::string out = "[";
  size_t n = std::min(values.size(), kPreviewValues);
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + format_value(values[i]);
  bool more = number_or(p, "count", 0) > static_cast<double>(n);
  return out + (more ? ", …]" : "]");
}

// Why the final training ended and which weights the model holds, from
// report.json's "training"; "" for a plain run of every planned epoch.
std::string stop_reason(const json& r) {
  const json& t = get(r, "training");
  std::string status = get(t, "status").is_string() ? t["status"].get<std::string>() : "";
  long long planned = static_cast<long long>(number_or(t, "epochs_planned", 0));
  long long run = static_cast<long long>(number_or(t, "epochs_run", 0));
  std::string out;
  if (status == "early-stopped") {
    out = fmt::format("stopped early at epoch {} of {}", run, planned);
    if (get(t, "monitor").is_string()) out += fmt::format(": {} stopped improving", t["monitor"].get<std::string>());
  } else if (status == "interrupted") {
    long long in = static_cast<long long>(number_or(t, "interrupted_in_epoch", static_cast<double>(run + 1)));
    out = fmt::format("interrupted (Ctrl-C) during epoch {} of {}", in, planned);
  }
  if (get(t, "restored_best").is_boolean() && t["restored_best"].get<bool>() && get(t, "best_epoch").is_number())
    out += (out.empty() ? "" : "; ") + fmt::format("the weights of its best epoch ({}) restored", format_value(t["best_epoch"]));
  else if (status == "interrupted")
    out += "; the weights as they stood are evaluated";
  if (get(t, "refit_on").is_string())
    out += (out.empty() ? "" : "; ") + fmt::format("trained on {} (refit), so no held-out val numbers", t["refit_on"].get<std::string>());
  return out.empty() ? "" : "  " + out + "\n";
}

std::string training_line(const json& r) {
  const json& h = get(r, "history");
  if (!h.is_array() || h.empty()) return "";
  const json& first = h.front();
  const json& last = h.back();
  std::string out = "\n  trained for " + (get(last, "epoch").is_number() ? diag::count_of(last["epoch"].get<long long>(), "epoch", "epochs")
                                                                  : format_value(get(last, "epoch")) + " epochs");
  if (get(first, "train_loss").is_number() && get(last, "train_loss").is_number())
    out += fmt::format(": train loss {} → {}", format_measure(first["train_loss"].get<double>()),
                       format_measure(last["train_loss"].get<double>()));
  if (get(first, "val_loss").is_number() && get(last, "val_loss").is_number())
    out += fmt::format(", val loss {} → {}", format_measure(first["val_loss"].get<double>()),
                       format_measure(last["val_loss"].get<double>()));
  return out + "\n" + stop_reason(r);
}

std::string confusion(const json& r, const Style& style) {
  const json& c = get(r, "confusion");
  if (!get(c, "labels").is_array() || !get(c, "matrix").is_array()) return "";
  const json& labels = c["labels"];
  if (labels.size() > rt::report::kConfusionClassesDrawn)
    return fmt::format("\n  confusion matrix on test: {} classes, too many to print (report.json holds it)\n", labels.size());
  // Classes by at most 24 characters, so a long label does not widen every column.
  auto name = [](const json& l) { return rt::report::clip_text(format_value(l), rt::report::kPlotLabelMax); };
  std::vector<Table::Column> cols{{"true \\ predicted"}};
  for (const auto& l : labels) cols.push_back({name(l), Table::Align::Right});
  Table t(cols);
  for (size_t i = 0; i < labels.size() && i < c["matrix"].size(); ++i) {
    std::vector<std::string> row{name(labels[i])};
    for (const auto& v : c["matrix"][i]) row.push_back(format_value(v));
    t.row(row);
  }
  return "\n  confusion matrix on test (rows: true class, columns: predicted)\n" + t.render(2, style);
}

// `evaluate MODEL on DATA`: one line per statement, its metrics in order.
std::string evaluations(const json& r) {
  const json& list = get(r, "evaluations");
  if (!list.is_array() || list.empty()) return "";
  std::string out = "\n";
  for (const auto& e : list) {
    std::string part = e.value("part", "all");
    std::string where = e.value("data", "?") + (part == "all" ? "" : "." + part);
    std::string values;
    for (const auto& [k, v] : get(e, "metrics").items())
      if (v.is_number()) values += fmt::format("  {} {}", k, format_number(v.get<double>()));
    out += fmt::format("  evaluated on {} ({}):{}\n", where, format_value(get(e, "rows")) + " rows", values);
  }
  return out;
}

}  // namespace

std::string render_hypers_section(const json& r, const ReportOptions& o) {
  Style style{o.color};
  std::string out = heading("Hyperparameters — how the model learned", style);
  if (get(r, "study").is_object()) out += study_summary(r) + "\n";
  else out += "  no search: every hyper was fixed\n\n";
  out += space_table(r, style);
  if (get(r, "trials").is_array() && !r["trials"].empty()) out += "\n" + render_trials_table(r, o);
  out += failures(r);
  out += importance_bars(r);
  return out;
}

std::string render_trials_table(const json& r, const ReportOptions& o) {
  std::vector<const json*> done;
  for (const auto& t : get(r, "trials"))
    if (t.value("state", "") == "complete" && get(t, "value").is_number()) done.push_back(&t);
  if (done.empty()) return "  no trial completed\n";
  bool up = maximize(r);
  std::stable_sort(done.begin(), done.end(), [up](const json* a, const json* b) {
    double x = (*a)["value"].get<double>(), y = (*b)["value"].get<double>();
    return up ? x > y : x < y;
  });
  std::vector<std::string> hypers = searched_hypers(r);
  std::vector<Table::Column> cols{{"trial", Table::Align::Right}, {metric_name(r), Table::Align::Right}};
  // The budget each trial had (epochs; folds under cv), when the study
  // pruned or its complete trials ran different budgets (early stopping).
  bool any_budget = false, budgets = number_or(get(r, "study"), "pruned", 0) > 0;
  for (const json* t : done) {
    any_budget |= get(*t, "budget").is_number();
    budgets |= get(*t, "budget") != get(*done.front(), "budget");
  }
  budgets &= any_budget;  // reports written before budgets were recorded have none
  const bool cv = metric_name(r).rfind("cv.", 0) == 0;
  if (budgets) cols.push_back({cv ? "folds" : "epochs", Table::Align::Right});
  for (const auto& h : hypers) cols.push_back({h, Table::Align::Right});
  cols.push_back({"time", Table::Align::Right});
  Table t(cols);
  size_t k = std::min(done.size(), static_cast<size_t>(std::max(o.top_k, 1)));
  for (size_t i = 0; i < k; ++i) {
    const json& tr = *done[i];
    std::vector<std::string> row{format_value(get(tr, "number")), format_measure(tr["value"].get<double>())};
    if (budgets) row.push_back(get(tr, "budget").is_number() ? format_value(tr["budget"]) : "—");
    for (const auto& h : hypers) row.push_back(get(tr, "hypers").contains(h) ? format_value(tr["hypers"][h]) : "—");
    row.push_back(get(tr, "seconds").is_number() ? format_seconds(tr["seconds"].get<double>()) : "");
    t.row(row);
  }
  std::string title = fmt::format("  best {} of {} complete trials ({} is {})\n", k, done.size(), metric_name(r),
                                  up ? "higher-is-better" : "lower-is-better");
  return title + t.render(2, Style{o.color});
}

// The model's state (batch_norm's running statistics): tensors beside the
// parameters that training passes update and the optimizer never sees.
std::string render_state(const json& r, const Style& style) {
  const json& state = get(r, "state");
  if (!state.is_object() || state.empty()) return "";
  Table t({{"state"}, {"shape"}, {"count", Table::Align::Right}, {"preview"}});
  for (const auto& [name, s] : state.items()) t.row({name, format_shape(get(s, "shape")), format_value(get(s, "count")), preview(s)});
  return fmt::format("\n  {}\n", rt::report::kStateNote) + t.render(2, style);
}

std::string render_params_section(const json& r, const ReportOptions& o) {
  Style style{o.color};
  std::string out = heading("Parameters — what the model learned", style);
  const json& params = get(r, "params");
  if (!params.is_object() || params.empty()) return out + "  (no learned parameters)\n";
  Table t({{"param"}, {"shape"}, {"count", Table::Align::Right}, {"norm", Table::Align::Right}, {"preview"}});
  for (const auto& [name, p] : params.items())
    t.row({name, format_shape(get(p, "shape")), format_value(get(p, "count")),
           get(p, "norm").is_number() ? format_measure(p["norm"].get<double>()) : "", preview(p)});
  out += t.render(2, style);
  double total = number_or(r, "param_count", -1);
  if (total < 0) {
    total = 0;
    for (const auto& [name, p] : params.items()) total += number_or(p, "count", 0);
  }
  out += fmt::format("\n  total: {} learned parameters in {}\n", format_number(total),
                     diag::count_of(static_cast<long long>(params.size()), "tensor", "tensors"));
  out += render_state(r, style);
  out += training_line(r);
  return out;
}

std::string render_test_section(const json& r, const ReportOptions& o) {
  Style style{o.color};
  const json& metrics = get(r, "metrics");
  if (!metrics.is_object() || metrics.empty()) return "";
  std::string out = heading("Generalization — the held-out test split", style);
  double test_rows = number_or(get(get(r, "data"), "rows"), "test", -1);
  if (test_rows >= 0)
    out += fmt::format("  {}, never seen while training or tuning\n\n",
                       diag::count_of(static_cast<long long>(test_rows), "test row", "test rows"));
  std::vector<std::string> splits;
  for (const char* s : {"train", "val", "train+val", "test"})  // train+val: a refit's in-sample numbers
    if (metrics.contains(s)) splits.push_back(s);
  for (const auto& [s, m] : metrics.items())
    if (std::find(splits.begin(), splits.end(), s) == splits.end()) splits.push_back(s);
  std::vector<std::string> names;  // metric rows in first-seen order (test first: it matters most)
  auto collect = [&](const std::string& split) {
    for (const auto& [k, v] : get(metrics, split.c_str()).items())
      if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  };
  collect("test");
  for (const auto& s : splits) collect(s);
  std::vector<Table::Column> cols{{"metric"}};
  for (const auto& s : splits) cols.push_back({s, Table::Align::Right});
  Table t(cols);
  bool undefined = false;  // a metric asked for whose value is no number on some part (null in report.json)
  for (const auto& n : names) {
    std::vector<std::string> row{n};
    for (const auto& s : splits) {
      const json& part = get(metrics, s.c_str());
      const json& v = get(part, n.c_str());
      const bool none = v.is_null() && part.is_object() && part.contains(n);
      undefined |= none;
      row.push_back(v.is_number() ? format_measure(v.get<double>()) : none ? "—" : "");
    }
    t.row(row);
  }
  out += t.render(2, style);
  if (undefined)
    out += "\n  —: not defined on that part's rows (auc needs both classes, r2 two rows or more)\n";
  out += confusion(r, style);
  out += evaluations(r);
  return out;
}

std::string render_console_report(const json& r, const ReportOptions& o) {
  std::string out = Style{o.color}.bold(title_line(r));
  out += render_hypers_section(r, o);
  if (get(r, "model").is_string()) {
    out += render_params_section(r, o);
    out += render_test_section(r, o);
  }
  if (!o.run_dir.empty()) {
    std::string dir = shown_path(o.run_dir);
    if (dir.back() != '/') dir += '/';
    out += fmt::format("\nrun folder {}  (open {}report.html for the plots)\n", dir, dir);
  }
  return out;
}

}  // namespace xp::cli
