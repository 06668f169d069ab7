// Expressions typed at the REPL: a learned tensor (mlp.W1), a data split
// (iris.train), a hyper or model by name, and predictions (mlp([…])); and
// tab completion over what the session knows.
#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "cli/keywords.h"
#include "cli/diagnostic_output.h"
#include "cli/repl/session.h"
#include "cli/repl/source_origin.h"
#include "cli/repl/tensor_text.h"
#include "base/suggest.h"
#include "runtime/io/model_file.h"
#include "cli/repl/row_by_name.h"
#include "runtime/predict/predict.h"
#include "runtime/predict/saved_model.h"
#include "runtime/report/format.h"
#include "stdlib/builtins.h"
#include "stdlib/csv.h"

namespace xp::cli {
namespace {

bool is_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  return true;
}

// "[5.1, 3.5, 1.4, 0.2]" or "5.1, 3.5" → numbers; nullopt if anything is not a number.
std::optional<std::vector<double>> parse_numbers(std::string text) {
  text = trim(text);
  if (!text.empty() && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  std::vector<double> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) {
    item = trim(item);
    if (item.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size()) return std::nullopt;
    out.push_back(v);
  }
  return out;
}

// "a,b,c" → fields (predict's output has no quoted commas in numbers; class names are quoted if needed).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.push_back(cur), cur.clear();
    else cur += c;
  }
  out.push_back(cur);
  return out;
}

// The hypers, data sets and models of the session's program, for "did you mean".
// How many features a report's data has: `features`, which counts them all
// (its `feature_names` lists only the first of many), else that list's length.
size_t report_feature_count(const nlohmann::json& data) {
  const auto& n = rt::report::get(data, "features");
  if (n.is_number_integer() && n.get<long long>() >= 0) return n.get<size_t>();
  const auto& names = rt::report::get(data, "feature_names");
  return names.is_array() ? names.size() : 0;
}

std::vector<std::string> defined_names(const ir::Program* p) {
  std::vector<std::string> out;
  if (!p) return out;
  for (const auto& h : p->space.hypers) out.push_back(h.name);
  for (const auto& d : p->data) out.push_back(d.name);
  for (const auto& m : p->models) out.push_back(m.name);
  return out;
}

}  // namespace

void ReplSession::expression(const std::string& input) {
  std::string text = trim(input);
  auto paren = text.find('(');
  if (paren != std::string::npos && text.back() == ')' && is_name(text.substr(0, paren)) &&
      model(text.substr(0, paren))) {
    predict(text.substr(0, paren), text.substr(paren + 1, text.size() - paren - 2));
    return;
  }
  if (is_name(text)) {
    auto dot = text.find('.');
    if (dot == std::string::npos) {
      if (show_name(text)) return;
    } else {
      std::string head = text.substr(0, dot), member = text.substr(dot + 1);
      if (model(head) && show_param(head, member)) return;
      if (compiled_ && compiled_->ir && compiled_->ir->find_data(head) && show_split(head, member)) return;
      if (model(head) || (compiled_ && compiled_->ir && compiled_->ir->find_data(head))) return;  // already explained
    }
  }
  // A name the session does not know: say so here, since the checker's diagnostic would quote
  // the `print …` statement the probe below wraps the input in, which the user never typed.
  if (is_name(text)) {
    std::string head = text.substr(0, text.find('.'));
    std::vector<std::string> known = defined_names(compiled_ && compiled_->ir ? &*compiled_->ir : nullptr);
    if (std::find(known.begin(), known.end(), head) == known.end() && !stdlib::find(head)) {
      auto best = closest(head, known);
      error(fmt::format("`{}` is not defined", head),
            best ? fmt::format("did you mean `{}`?", *best) : "define it first (hyper, data, model), or `:load` a script");
      return;
    }
  }
  // Anything else goes through the checker: a mistake gets its diagnostic, a valid expression an explanation.
  std::vector<Chunk> probe = chunks_;
  // The expression sits on a line of its own inside the parentheses, so a
  // diagnostic quotes and points into exactly what the user typed.
  const std::string open = "print (\n";
  probe.push_back({StatementKey{}, open + text + "\n)", origin_of(text, static_cast<uint32_t>(open.size()))});
  CompileOptions options;
  options.shapes_only = true;  // the probe never runs, and lowering finds no mistakes the checks before it miss
  if (!check(probe, options).ok()) return;
  error(fmt::format("`{}` is valid, but the REPL evaluates only names, learned tensors, data splits and predictions", text),
        fmt::format("`print {}` evaluates it as part of a run", text));
}

bool ReplSession::show_name(const std::string& name) {
  if (!compiled_ || !compiled_->ir) {
    error(fmt::format("`{}` is not defined", name), "define it first, or `:load` a script");
    return true;
  }
  const ir::Program& p = *compiled_->ir;
  if (const ir::HyperDomain* h = p.space.find(name)) {
    std::string line = fmt::format("hyper {}", name);
    if (h->kind == ir::HyperDomain::Kind::Fixed) line += " = " + h->fixed.str();
    const nlohmann::json* r = report_for("");
    if (r && r->contains("hypers") && (*r)["hypers"].contains(name))
      line += fmt::format("  (the last run used {})", rt::report::format_value((*r)["hypers"][name]));
    else if (h->kind != ir::HyperDomain::Kind::Fixed)
      line += "  (searched; not run yet)";
    print(line);
    return true;
  }
  if (model(name)) {
    cmd_shape(name);
    return true;
  }
  if (p.find_data(name)) return show_split(name, "");
  return false;
}

bool ReplSession::show_param(const std::string& model_name, const std::string& param) {
  const ir::ModelGraph* m = model(model_name);
  if (!m) return false;
  if (!last_run_ || last_run_->model_path.empty()) {
    error(fmt::format("`{}` has not been trained yet", model_name), fmt::format("`train {} on DATA {{ … }}` first", model_name));
    return true;
  }
  try {
    rt::ModelFile file = rt::load_model_file(last_run_->model_path);
    std::string full = model_name + "." + param;
    for (const auto& t : file.tensors)
      if (t.name == full) {
        print(format_tensor(t));
        return true;
      }
  } catch (const rt::ModelFileError& e) {
    error(e.what());
    return true;
  }
  std::string names;
  for (const auto& p : m->params) names += (names.empty() ? "" : ", ") + p.name;
  error(fmt::format("model `{}` has no learned parameter `{}`", model_name, param),
        names.empty() ? "" : fmt::format("its parameters: {}", names));
  return true;
}

bool ReplSession::show_split(const std::string& data, const std::string& split) {
  if (!split.empty() && split != "train" && split != "val" && split != "test") {
    error(fmt::format("`{}` has no part `{}`", data, split), "the parts are train, val and test");
    return true;
  }
  const nlohmann::json* r = report_for("");
  if (!r || !r->contains("data") || (*r)["data"].value("name", "") != data) {
    print(fmt::format("{}: declared; loaded when a train or tune statement runs", data));
    return true;
  }
  const auto& d = (*r)["data"];
  std::string rows;
  if (d.contains("rows")) {
    if (split.empty()) {
      for (const char* s : {"train", "val", "test"})
        if (d["rows"].contains(s)) rows += fmt::format("{}{} {}", rows.empty() ? "" : ", ", s, rt::report::format_value(d["rows"][s]));
    } else if (d["rows"].contains(split)) {
      rows = fmt::format("{} rows", rt::report::format_value(d["rows"][split]));
    }
  }
  std::string line = fmt::format("{}{}: {}", data, split.empty() ? "" : "." + split, rows);
  if (d.contains("features")) line += fmt::format(" × {} features", rt::report::format_value(d["features"]));
  if (d.contains("feature_names")) line += " (" + rt::report::list_text(d["feature_names"], report_feature_count(d)) + ")";
  if (d.contains("classes"))
    line += fmt::format("\n  {} classes: {}", d["classes"].size(), rt::report::list_text(d["classes"], d["classes"].size()));
  if (!split.empty() && d.contains("fingerprints") && d["fingerprints"].contains(split))
    line += fmt::format("\n  fingerprint {}", d["fingerprints"][split].get<std::string>());
  print(line);
  return true;
}

bool ReplSession::predict(const std::string& model_name, const std::string& args) {
  if (!last_run_ || last_run_->model_path.empty()) {
    error(fmt::format("`{}` has not been trained yet", model_name), fmt::format("`train {} on DATA {{ … }}` first", model_name));
    return true;
  }
  if (trim(args).rfind('{', 0) == 0) {
    predict_named(model_name, trim(args));
    return true;
  }
  auto values = parse_numbers(args);
  if (!values) {
    error("a prediction takes a list of numbers, one per feature", fmt::format("{}([5.1, 3.5, 1.4, 0.2])", model_name));
    return true;
  }
  const nlohmann::json* r = report_for(model_name);
  static const nlohmann::json kNoReport;
  const nlohmann::json& data = rt::report::get(r ? *r : kNoReport, "data");
  // `features` counts them: report.json lists only the first names of many (docs/report.md, "Bounds").
  const size_t features = report_feature_count(data);
  if (features != values->size()) {
    // What to type, in order: more names than a summary line shows.
    const std::string names = rt::report::list_text(rt::report::get(data, "feature_names"), features, 100);
    error(fmt::format("{} takes {} features, got {}", model_name, features, values->size()),
          names.empty() ? "" : fmt::format("in order: {}", names));
    return true;
  }
  // A list holds the encoded features; the prediction reads the data's own columns. They are the
  // same only when every column is numeric: text (one-hot) and date columns need the row by name.
  rt::SavedModel* saved = saved_model();
  if (!saved) return true;
  std::string encoded;
  for (const auto& c : saved->schema.features)
    if (c.categorical || c.date) encoded += (encoded.empty() ? "" : ", ") + c.name;
  if (!encoded.empty()) {
    error(fmt::format("{}'s data has text or date columns ({}): a list of numbers cannot say their values", model_name, encoded),
          fmt::format("give the row by column name, {}({{{}: …, …}})", model_name, saved->schema.features.front().name));
    return true;
  }
  std::vector<std::string> cells;
  for (double v : *values) cells.push_back(fmt::format("{}", v));
  // Every column is a number here, so the schema's feature names are its
  // columns (report.json may list only the first of them).
  predict_row(saved->schema.feature_names(), cells);
  return true;
}

void ReplSession::predict_named(const std::string& model_name, const std::string& row) {
  std::string why;
  auto cells = parse_named_row(row, why);
  if (!cells) {
    error(why, fmt::format("{}({{column: value, …}}), e.g. {}({{plan: \"pro\", tenure: 12}})", model_name, model_name));
    return;
  }
  // The input columns the model was trained on, from its saved schema (before encoding).
  rt::SavedModel* saved = saved_model();
  if (!saved) return;
  std::vector<std::string> columns;
  for (const auto& c : saved->schema.features) columns.push_back(c.name);
  // Text data (`text: "review"`): the one input is that column's text, tokenized with the saved vocabulary.
  if (saved->schema.tokens.kind == rt::Tokens::Kind::Text) columns.push_back(saved->schema.tokens.column);
  std::vector<std::string> values(columns.size());
  std::vector<bool> given(columns.size(), false);
  for (const auto& cell : *cells) {
    auto it = std::find(columns.begin(), columns.end(), cell.column);
    if (it == columns.end()) {
      auto best = closest(cell.column, columns);
      const auto targets = saved->schema.target_names();
      error(std::find(targets.begin(), targets.end(), cell.column) != targets.end()
                ? fmt::format("`{}` is {} target `{}` predicts, not an input column", cell.column,
                              targets.size() == 1 ? "the" : "a", model_name)
                : fmt::format("`{}` is not a column {} was trained on", cell.column, model_name),
            best ? fmt::format("did you mean `{}`?", *best) : "");
      return;
    }
    const auto k = static_cast<size_t>(it - columns.begin());
    values[k] = cell.value;
    given[k] = true;
  }
  std::string missing;
  for (size_t k = 0; k < columns.size(); ++k)
    if (!given[k]) missing += (missing.empty() ? "" : ", ") + columns[k];
  if (!missing.empty()) {
    error(fmt::format("{} needs a value for every input column; missing: {}", model_name, missing),
          "write `column: value` for each (text in quotes, or a bare word for a category)");
    return;
  }
  predict_row(columns, values);
}

rt::SavedModel* ReplSession::saved_model() {
  if (saved_ && saved_run_ == runs_) return &*saved_;
  saved_.reset();
  Diagnostics diags;
  saved_ = rt::load_saved_model(last_run_->model_path, diags, 1);
  print_diagnostics(diags, nullptr, 0, options_.out);
  saved_run_ = runs_;
  return saved_ ? &*saved_ : nullptr;
}

void ReplSession::predict_row(const std::vector<std::string>& columns, const std::vector<std::string>& cells) {
  // The row goes through exp predict's reading and encoding as CSV text in
  // memory, comma-separated whatever the training file's separator was, so
  // a typed row and a file's row cannot be encoded differently. Its
  // messages name the input the row was typed in (`<repl:N>`), not a line
  // of that text.
  rt::SavedModel* saved = saved_model();
  if (!saved) return;
  std::string csv;
  for (size_t i = 0; i < columns.size(); ++i) csv += (i ? "," : "") + stdlib::csv::field(columns[i]);
  csv += "\n";
  for (size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + stdlib::csv::field(cells[i]);
  csv += "\n";
  std::stringstream out;
  Diagnostics diags;
  rt::PredictOptions po;
  po.probabilities = saved->schema.task == rt::Task::Classification;
  po.sep = ',';
  const std::string name = input_name(inputs_);
  rt::PredictResult result = rt::predict_with(*saved, stdlib::csv::Source::in_memory(name, std::move(csv)), out, po, diags);
  Diagnostics shown;
  for (Diagnostic d : diags.all()) {
    if (d.at && d.at->path == name) d.at = FileLocation{name, 0, 0};
    shown.report(std::move(d));
  }
  print_diagnostics(shown, nullptr, 0, options_.out);
  if (!result.ok) return;
  std::string header, row;
  std::getline(out, header);
  std::getline(out, row);
  auto names = csv_fields(header), outputs = csv_fields(row);
  std::string line;
  for (size_t i = 0; i < names.size() && i < outputs.size(); ++i) {
    std::string cell = outputs[i];
    char* end = nullptr;
    double v = std::strtod(cell.c_str(), &end);
    if (!cell.empty() && end == cell.c_str() + cell.size()) cell = rt::report::format_number(v);
    line += fmt::format("{}{} {}", i ? "  " : "", names[i], cell);
  }
  print(line);
}

std::vector<std::string> ReplSession::complete(const std::string& line, const std::string& word) const {
  std::vector<std::string> pool;
  if (line.find_first_not_of(" \t") == std::string::npos && !word.empty() && word[0] == ':') {
    for (const char* c : {":help", ":load", ":reset", ":hypers", ":params", ":trials", ":shape", ":ir", ":quit"}) pool.push_back(c);
  } else {
    for (auto k : kLanguageKeywords) pool.emplace_back(k);
    for (const auto& b : stdlib::all()) pool.emplace_back(b.name);
    for (const auto& c : chunks_)
      if (c.key.kind == "hyper" || c.key.kind == "model" || c.key.kind == "data") pool.push_back(c.key.name);
    if (compiled_ && compiled_->ir) {
      const ir::Program& p = *compiled_->ir;
      for (const auto& h : p.space.hypers) pool.push_back(h.name);
      for (const auto& d : p.data) {
        pool.push_back(d.name);
        for (const char* s : {".train", ".val", ".test"}) pool.push_back(d.name + s);
      }
      for (const auto& m : p.models) {
        pool.push_back(m.name);
        for (const auto& prm : m.params) pool.push_back(m.name + "." + prm.name);
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& c : pool)
    if (c.rfind(word, 0) == 0 && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace xp::cli
