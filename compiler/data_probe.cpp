// The check-time data probe (see data_probe.h). Column typing and task
// inference are stdlib/csv.h's, the same rules the runtime loader applies, so
// the dimensions proved here are the ones training sees.
#include "compiler/data_probe.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "compiler/diags/plural.h"
#include "compiler/saturate.h"
#include "stdlib/builtins.h"
#include "stdlib/csv.h"
#include "stdlib/generators.h"

namespace xp {
namespace {

namespace csv = stdlib::csv;

struct ColumnStats {
  size_t numbers = 0, values = 0;
  bool integer = true;
  std::set<std::string> levels;  // capped: a feature with more levels is not one-hot sized here
  bool too_many = false;
};

void count_cell(ColumnStats& c, const std::string& text) {
  if (csv::is_missing(text)) return;
  ++c.values;
  if (auto v = csv::parse_number(text)) {
    ++c.numbers;
    if (!(std::abs(*v) < 9e15 && *v == std::floor(*v))) c.integer = false;  // no cast: 1e300 would overflow it
  }
  if (!c.too_many) {
    c.levels.insert(csv::level_text(text));
    if (c.levels.size() > csv::ColumnSummary::kMaxDistinct) c.too_many = true;
  }
}

// Generators: their feature and class counts follow from their options
// (defaults and bounds from stdlib/generators.h). An option out of bounds
// leaves the facts unknown: the checker reports it (E0808), and a size such
// as `features: 1e300` must not reach the shape proofs.
std::optional<DataFacts> generator_facts(const std::string& fn, const std::map<std::string, double>& opt) {
  std::map<std::string_view, double> value;
  for (const auto& o : stdlib::generator_options(fn)) {
    auto it = opt.find(std::string(o.name));
    value[o.name] = it == opt.end() ? o.default_value : it->second;
    if (!o.accepts(value[o.name])) return std::nullopt;
  }
  auto get = [&](const char* k) { return saturating_cast<int64_t>(value.at(k)); };
  DataFacts f;
  f.known = true;
  if (fn == "moons" || fn == "circles" || fn == "xor") {
    f.features = 2;
    f.classes = 2;
  } else if (fn == "blobs") {
    f.features = get("features");
    f.classes = get("centers");
  } else if (fn == "spirals") {
    f.features = 2;
    f.classes = get("arms");
  } else if (fn == "regression" || fn == "friedman1") {
    f.features = get("features");
    f.classification = false;
  } else {
    return std::nullopt;
  }
  f.origin = fmt::format("{}(n: {})", fn, get("n"));
  return f;
}

std::string callee_of(const ast::Program& p, const ast::Call& c) {
  auto* n = std::get_if<ast::Name>(&p.expr(c.callee).node);
  return n ? n->name : "";
}

}  // namespace

std::optional<DataFacts> probe_csv(const std::string& path, const std::string& target,
                                   const std::vector<std::string>& columns, const std::string& task,
                                   const std::vector<std::string>& onehot) {
  std::string error;
  auto reader = csv::Reader::open(path, error);
  if (!reader) return std::nullopt;
  std::vector<csv::Field> fields;
  if (!reader->next(fields) || fields.empty()) return std::nullopt;
  std::vector<std::string> header;
  for (auto& f : fields) header.push_back(f.text);
  size_t t = header.size() - 1;
  if (!target.empty()) {
    auto it = std::find(header.begin(), header.end(), target);
    if (it == header.end()) return std::nullopt;
    t = static_cast<size_t>(it - header.begin());
  }
  std::vector<ColumnStats> stats(header.size());
  size_t rows = 0;
  while (reader->next(fields)) {
    if (fields.size() != header.size()) return std::nullopt;  // ragged: the loader explains
    for (size_t i = 0; i < fields.size(); ++i) count_cell(stats[i], fields[i].text);
    ++rows;
  }
  if (reader->error() || rows == 0) return std::nullopt;

  DataFacts f;
  f.known = true;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i == t) continue;
    if (!columns.empty() && std::find(columns.begin(), columns.end(), header[i]) == columns.end()) continue;
    bool categorical = !csv::is_numeric_column(stats[i].numbers, stats[i].values) ||
                       std::find(onehot.begin(), onehot.end(), header[i]) != onehot.end();
    if (categorical && stats[i].too_many) return std::nullopt;
    f.features += categorical ? static_cast<int64_t>(stats[i].levels.size()) : 1;
  }
  const ColumnStats& y = stats[t];
  bool numeric = csv::is_numeric_column(y.numbers, y.values);
  f.classification = task.empty() ? (!numeric || (y.integer && y.levels.size() <= csv::kMaxIntegerClasses))
                                  : task == "classification";
  if (f.classification && y.too_many) return std::nullopt;
  f.classes = f.classification ? static_cast<int64_t>(y.levels.size()) : 0;
  f.origin = fmt::format("{} ({})", std::filesystem::path(path).filename().string(),
                         diag::count_of(static_cast<long long>(rows), "row", "rows"));
  return f;
}

DataFactsByName probe_data(const ast::Program& p, const Resolution&, const std::string& script_dir) {
  DataFactsByName out;
  // `onehot iris.color` widens a numeric column; collect those first.
  std::map<std::string, std::vector<std::string>> onehot;
  for (const auto& stmt : p.stmts)
    if (auto* pp = std::get_if<ast::Preprocess>(&stmt.node); pp && pp->op == "onehot" && pp->target != ast::kNoExpr)
      if (auto* m = std::get_if<ast::Member>(&p.expr(pp->target).node))
        if (auto* base = std::get_if<ast::Name>(&p.expr(m->base).node)) onehot[base->name].push_back(m->member);

  for (const auto& stmt : p.stmts) {
    auto* d = std::get_if<ast::Data>(&stmt.node);
    if (!d) continue;
    DataFacts facts;
    facts.name = d->name;
    const auto& src = p.expr(d->source);
    std::string fn;
    std::string path, target, task;
    std::vector<std::string> columns;
    std::map<std::string, double> numbers;
    bool constant_options = true;
    if (auto* n = std::get_if<ast::Name>(&src.node)) fn = n->name;
    if (auto* c = std::get_if<ast::Call>(&src.node)) {
      fn = callee_of(p, *c);
      for (const auto& a : c->args) {
        const auto& v = p.expr(a.value);
        if (auto* s = std::get_if<ast::String>(&v.node)) {
          if (a.name.empty()) path = s->value;
          else if (a.name == "target") target = s->value;
          else if (a.name == "task") task = s->value;
        } else if (auto* num = std::get_if<ast::Number>(&v.node)) {
          numbers[a.name] = num->value;
        } else if (auto* word = std::get_if<ast::Name>(&v.node)) {
          if (a.name == "task") task = word->name;
          else if (a.name == "target") target = word->name;
          else if (!a.name.empty() && a.name != "impute") constant_options = false;
        } else if (auto* list = std::get_if<ast::List>(&v.node); list && a.name == "columns") {
          for (auto item : list->items)
            if (auto* s = std::get_if<ast::String>(&p.expr(item).node)) columns.push_back(s->value);
        } else if (!a.name.empty()) {
          constant_options = false;  // an option computed from hypers: only a trial knows it
        }
      }
    }
    std::optional<DataFacts> found;
    bool is_csv = fn == "csv";
    if (is_csv && !path.empty()) {
      auto full = std::filesystem::path(path).is_absolute() ? std::filesystem::path(path)
                                                           : std::filesystem::path(script_dir) / path;
      found = probe_csv(full.lexically_normal().string(), target, columns, task, onehot[d->name]);
    } else if (stdlib::find(fn, stdlib::Category::Dataset)) {
      found = probe_csv(stdlib::data_dir() + "/data/" + fn + ".csv", target, columns, task, onehot[d->name]);
    } else if (constant_options && stdlib::find(fn, stdlib::Category::Generator)) {
      found = generator_facts(fn, numbers);
    }
    if (found) {
      facts = *found;
      facts.name = d->name;
    }
    out[d->name] = facts;
  }
  return out;
}

}  // namespace xp
