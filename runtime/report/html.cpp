#include "runtime/report/html.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "runtime/io/atomic_file.h"
#include "runtime/report/bounds.h"
#include "runtime/report/format.h"
#include "runtime/report/plot_parts.h"
#include "runtime/report/plots.h"
#include "runtime/report/report_schema.h"
#include "runtime/report/svg.h"
#include "stdlib/builtins.h"

namespace xp::rt::report {
namespace {

using nlohmann::json;

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d1d1f;
background:#fafafa;margin:0;line-height:1.5}
main{max-width:1040px;margin:0 auto;padding:28px 24px 60px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 6px;padding-bottom:4px;border-bottom:2px solid #e3e3e3}
h3{font-size:15px;margin:20px 0 6px;color:#444}
p.lead{color:#555;margin:0 0 14px}
.sub{color:#666;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}
.card{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:10px 14px;min-width:130px}
.card .k{font-size:12px;color:#666;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:20px;font-weight:600}
table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:13px}
th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
th{background:#f3f3f3;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.plots{display:flex;flex-wrap:wrap;gap:16px}
figure{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:10px;margin:8px 0}
figcaption{font-size:13px;color:#555;margin-top:4px}
.state-failed{color:#b00}.state-pruned{color:#888}
footer{margin-top:40px;font-size:12px;color:#888}
)";

std::string esc(std::string_view s) { return xml_escape(s); }
std::string val(const json& v) { return esc(format_value(v)); }
std::string num(const json& v) { return v.is_number() ? esc(format_measure(v.get<double>())) : ""; }

std::string figure(const std::string& svg, const std::string& caption) {
  if (svg.empty()) return "";
  return fmt::format("<figure>{}<figcaption>{}</figcaption></figure>\n", svg, esc(caption));
}

std::string card(const std::string& key, const std::string& value) {
  return fmt::format("<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>", esc(key), esc(value));
}

std::string header(const json& r) {
  std::string model = get(r, "model").is_string() ? r["model"].get<std::string>() : "";
  const json& data = get(r, "data");
  std::string title = model.empty() ? "Black-box tuning" : model;
  if (get(data, "name").is_string()) title += " on " + data["name"].get<std::string>();
  std::string out = fmt::format("<h1>{}</h1>\n", esc(title));
  const json& script = get(r, "script");
  out += fmt::format("<p class=\"lead\">{} · seed {} · exp {} · {}</p>\n", esc(get(script, "path").is_string() ? script["path"].get<std::string>() : "?"),
                     val(get(script, "seed")), val(get(r, "exp_version")), val(get(r, "created")));
  out += "<div class=\"cards\">";
  if (get(r, "task").is_string()) out += card("task", r["task"].get<std::string>());
  const json& best = get(r, "best");
  if (get(best, "value").is_number())
    out += card("best " + (get(get(r, "study"), "metric").is_string() ? r["study"]["metric"].get<std::string>() : "value"),
                format_measure(best["value"].get<double>()));
  const json& test = get(get(r, "metrics"), "test");
  // Every test metric the run reported, in the registry's order (the loss among them).
  std::vector<std::string> shown;
  for (const auto& b : stdlib::all())
    if (b.category == stdlib::Category::Metric) shown.emplace_back(b.name);
  if (std::find(shown.begin(), shown.end(), "loss") == shown.end()) shown.emplace_back("loss");
  for (const auto& m : shown)
    if (get(test, m.c_str()).is_number()) out += card("test " + m, format_measure(test[m].get<double>()));
  if (get(r, "param_count").is_number()) out += card("learned parameters", format_value(r["param_count"]));
  const json& rows = get(data, "rows");
  if (rows.is_object()) {
    std::string split;
    for (const char* s : {"train", "val", "test"})
      if (get(rows, s).is_number()) split += (split.empty() ? "" : " / ") + format_value(rows[s]);
    out += card("rows train / val / test", split);
  }
  out += "</div>\n";
  return out;
}

std::string hypers_section(const json& r) {
  const json& space = get(r, "search_space");
  if ((!space.is_array() || space.empty()) && !get(r, "study").is_object()) return "";  // no hypers: no empty table
  std::string out = "<h2>Hyperparameters — how the model learned</h2>\n"
                    "<p class=\"sub\">Set before training, by you or by the tuner searching a range; never learned.</p>\n";
  const json& s = get(r, "study");
  if (s.is_object()) {
    // The trials that ran, not the budget: a grid smaller than it, a time
    // budget or Ctrl-C end a study short of it (the console's rule).
    const auto count = [&](const char* k) { return get(s, k).is_number() ? get(s, k).get<long long>() : 0LL; };
    const long long ran = count("complete") + count("pruned") + count("failed");
    std::string budget;
    if (get(s, "stopped").is_string() && s["stopped"] == "grid exhausted") budget = "; the whole grid";
    else if (get(s, "budget").is_number() && count("budget") != ran) budget = "; budget " + val(get(s, "budget"));
    out += fmt::format("<p>{} search, {} trials ({} complete, {} pruned, {} failed{}) in {}; objective: {} <code>{}</code>.</p>\n",
                       val(get(s, "method")), ran, val(get(s, "complete")), val(get(s, "pruned")), val(get(s, "failed")),
                       budget, get(s, "seconds").is_number() ? esc(format_seconds(s["seconds"].get<double>())) : "?",
                       val(get(s, "direction")), esc(objective_text(r)));
  }
  out += "<table><tr><th>hyper</th><th>search space</th><th>chosen</th></tr>\n";
  const json& chosen = get(r, "hypers");
  for (const auto& e : get(r, "search_space")) {
    std::string name = e.value("name", "?");
    std::string space = format_space(e);
    if (get(e, "when").is_string()) space += " if " + e["when"].get<std::string>();
    out += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"n\">{}</td></tr>\n", esc(name), esc(space),
                       chosen.contains(name) ? val(chosen[name]) : "— (inactive)");
  }
  out += "</table>\n<div class=\"plots\">\n";
  const std::string shown = plot::selection_note(plot::select_trials(r));
  const std::string also = shown.empty() ? "" : " " + shown;
  out += figure(plot_history(r), "Each dot is a trial; the line is the best value found so far. Hollow: pruned; ×: failed." + also);
  out += figure(plot_importance(r), "How much of the objective's variation each hyperparameter explains.");
  out += "</div>\n";
  out += figure(plot_budgets(r), "Multi-fidelity: each trial's value by the budget (epochs or folds) it had spent; a pruned trial's line ends where it was stopped." + also);
  out += figure(plot_parallel(r), "Each line is a completed trial through its hyperparameter values to its objective; darker is better, the thickest line is the best trial." + also);
  return out;
}

std::string trials_table(const json& r) {
  const json& trials = get(r, "trials");
  if (!trials.is_array() || trials.empty()) return "";
  std::vector<std::string> names;
  for (const auto& e : get(r, "search_space"))
    if (e.value("kind", "") != "fixed") names.push_back(e.value("name", "?"));
  // Each trial's budget: epochs trained (folds done under cv), where it was
  // pruned or the full budget (reports since exp.report/2).
  bool budgets = false;
  for (const auto& t : trials) budgets |= get(t, "budget").is_number();
  const json& metric = get(get(r, "study"), "metric");
  const bool cv = metric.is_string() && metric.get<std::string>().rfind("cv.", 0) == 0;
  // Past kPlottedTrials, the best kBestTrials only (in trial order): a
  // table of thousands of rows is not read, and it was most of the render.
  const plot::TrialSelection rows =
      trials.size() > plot::kPlottedTrials ? plot::select_trials(r, plot::kBestTrials, plot::kBestTrials) : plot::select_trials(r);
  std::string out = rows.all() ? "<h3>All trials</h3>\n"
                               : fmt::format("<h3>The best trials</h3>\n<p class=\"sub\">{}</p>\n", esc(plot::selection_note(rows)));
  out += "<table><tr><th>trial</th><th>state</th><th>value</th>";
  if (budgets) out += cv ? "<th>folds</th>" : "<th>epochs</th>";
  for (const auto& n : names) out += "<th>" + esc(n) + "</th>";
  out += "<th>time</th><th>note</th></tr>\n";
  for (size_t i = 0; i < trials.size(); ++i) {
    if (!rows.shown[i]) continue;
    const json& t = trials[i];
    std::string state = t.value("state", "");
    out += fmt::format("<tr class=\"state-{}\"><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td>", esc(state),
                       val(get(t, "number")), esc(state), num(get(t, "value")));
    if (budgets) out += "<td class=\"n\">" + (get(t, "budget").is_number() ? val(t["budget"]) : std::string("—")) + "</td>";
    for (const auto& n : names) {
      const json& h = get(get(t, "hypers"), n.c_str());
      out += "<td class=\"n\">" + (h.is_null() ? std::string("—") : val(h)) + "</td>";
    }
    out += fmt::format("<td class=\"n\">{}</td><td>{}</td></tr>\n",
                       get(t, "seconds").is_number() ? esc(format_seconds(t["seconds"].get<double>())) : "",
                       esc(t.value("reason", "")));
  }
  return out + "</table>\n";
}

// A tensor's first values (report.json's preview), comma-separated.
std::string first_values(const json& tensor) {
  std::string out;
  for (const auto& v : get(tensor, "preview")) out += (out.empty() ? "" : ", ") + format_value(v);
  return out;
}

// The model's state (batch_norm's running statistics), apart from what it learned.
std::string state_table(const json& r) {
  const json& state = get(r, "state");
  if (!state.is_object() || state.empty()) return "";
  std::string out = fmt::format("<h3>State — {}</h3>\n<p class=\"sub\">batch_norm's running mean and variance; saved in the model file.</p>\n", esc(kStateNote));
  out += "<table data-table=\"state\"><tr><th>state</th><th>shape</th><th>count</th><th>first values</th></tr>\n";
  for (const auto& [name, s] : state.items()) {
    out += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"mono\">{}</td></tr>\n",
                       esc(name), esc(format_shape(get(s, "shape"))), val(get(s, "count")), esc(first_values(s)));
  }
  return out + "</table>\n";
}

std::string params_section(const json& r) {
  const json& params = get(r, "params");
  if (!params.is_object()) return "";
  std::string out = "<h2>Parameters — what the model learned</h2>\n"
                    "<p class=\"sub\">Fitted to the training data by the optimizer; saved in the model file.</p>\n"
                    "<table><tr><th>param</th><th>shape</th><th>count</th><th>norm</th><th>first values</th></tr>\n";
  for (const auto& [name, p] : params.items()) {
    out += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                       "<td class=\"mono\">{}</td></tr>\n",
                       esc(name), esc(format_shape(get(p, "shape"))), val(get(p, "count")), num(get(p, "norm")), esc(first_values(p)));
  }
  out += fmt::format("<tr><th>total</th><th></th><th class=\"n\">{}</th><th></th><th></th></tr>\n</table>\n", val(get(r, "param_count")));
  out += state_table(r);
  std::string curves = plot_learning_curves(r);
  if (!curves.empty())
    out += "<div class=\"plots\">" + figure(curves, "The final training, epoch by epoch.") + "</div>\n";
  return out;
}

std::string test_section(const json& r) {
  const json& metrics = get(r, "metrics");
  if (!metrics.is_object() || metrics.empty()) return "";
  std::vector<std::string> splits, names;
  for (const char* s : {"train", "val", "train+val", "test"})  // train+val: a refit's in-sample numbers
    if (metrics.contains(s)) splits.push_back(s);
  for (const auto& s : splits)
    for (const auto& [k, v] : metrics[s].items())
      if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  std::string out = "<h2>Generalization — the held-out test split</h2>\n"
                    "<p class=\"sub\">The test rows were never used for training or for choosing hyperparameters.</p>\n"
                    "<table><tr><th>metric</th>";
  for (const auto& s : splits) out += "<th>" + esc(s) + "</th>";
  out += "</tr>\n";
  for (const auto& n : names) {
    out += "<tr><td>" + esc(n) + "</td>";
    for (const auto& s : splits) out += "<td class=\"n\">" + num(get(metrics[s], n.c_str())) + "</td>";
    out += "</tr>\n";
  }
  out += "</table>\n";
  out += figure(plot_confusion(r), "Counts of test examples by true and predicted class; the diagonal is correct.");
  const json& classes = get(get(r, "confusion"), "labels");
  if (classes.is_array() && classes.size() > kConfusionClassesDrawn)
    out += fmt::format("<p class=\"sub\">The confusion matrix of {} classes is too large to draw; report.json holds it.</p>\n",
                       classes.size());
  std::string fit = plot_fit(r);
  if (!fit.empty())
    out += "<div class=\"plots\">" +
           figure(fit, "Test rows: predicted against actual (a perfect model lies on the dashed diagonal), and the "
                       "residuals against the prediction (a pattern around zero is something the model misses).") +
           "</div>\n";
  return out;
}

}  // namespace

std::string render_html(const json& r) {
  // A run that trained several models shows each in turn, under its own title.
  const std::vector<json> models = model_entries(r);
  std::string title = "exp report";
  std::string names;
  for (const auto& m : models)
    if (get(m, "model").is_string()) names += (names.empty() ? "" : ", ") + m["model"].get<std::string>();
  if (!names.empty()) title += " — " + names;
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n";
  out += "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body><main>\n", esc(title), kStyle);
  for (const auto& m : models) {
    out += "<section>\n";
    out += header(m);
    out += hypers_section(m);
    out += trials_table(m);
    out += params_section(m);
    out += test_section(m);
    out += "</section>\n";
  }
  out += fmt::format("<footer>Generated by exp {} from report.json (schema {}). Script hash {}.</footer>\n",
                     val(get(r, "exp_version")), val(get(r, "schema")), val(get(get(r, "script"), "hash")));
  out += "</main></body>\n</html>\n";
  return out;
}

bool write_html(const json& report, const std::string& path, std::string& error) {
  std::string why;
  if (write_file_atomic(path, render_html(report), why)) return true;
  error = fmt::format("cannot write {}: {}", path, why);
  return false;
}

}  // namespace xp::rt::report
