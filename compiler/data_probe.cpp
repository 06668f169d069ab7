// The check-time data probe (see data_probe.h). Reading, column typing, task
// inference and the problems of a CSV file are stdlib/csv_table.h's, the same
// code the runtime loader runs, so the dimensions proved here are the ones
// training sees and the errors reported here are the ones a run would give.
#include "compiler/data_probe.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "base/data_diags.h"
#include "base/plural.h"
#include "compiler/lower/parts.h"
#include "base/saturate.h"
#include "stdlib/builtins.h"
#include "stdlib/csv.h"
#include "stdlib/csv_table.h"
#include "stdlib/generators.h"

namespace xp {
namespace {

namespace csv = stdlib::csv;
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
  } else if (fn == "token_sum") {
    f.features = get("length");
    f.classes = 2;
    f.vocab = get("vocab");
  } else if (fn == "bars") {
    f.features = get("size") * get("size");
    f.shape = {get("size"), get("size"), 1};
    f.classes = 2;
  } else {
    return std::nullopt;
  }
  f.rows = get("n");
  f.origin = fmt::format("{}(n: {})", fn, get("n"));
  return f;
}

std::string callee_of(const ast::Program& p, const ast::Call& c) {
  auto* n = std::get_if<ast::Name>(&p.expr(c.callee).node);
  return n ? n->name : "";
}

}  // namespace

DataFacts facts_of(const csv::RawTable& t, const csv::TableShape& shape) {
  DataFacts f;
  f.known = true;
  f.features = shape.width();
  f.classification = shape.task == csv::Task::Classification;
  f.classes = f.classification ? static_cast<int64_t>(shape.classes.size()) : 0;
  f.targets = static_cast<int64_t>(shape.targets.size());
  f.rows = static_cast<int64_t>(shape.rows.size());
  if (!f.classification)
    for (const auto& name : shape.targets) {
      const csv::RawColumn* c = t.find(name);
      if (!c || !(c->lo <= c->hi) || (c->lo <= 0 && c->hi >= 0)) continue;  // no numbers, or values either side of 0
      const double at_least = std::min(std::fabs(c->lo), std::fabs(c->hi));
      if (at_least > f.target_size_at_least) {
        f.target_size_at_least = at_least;
        f.target_at_least_name = name;
      }
    }
  f.file = std::filesystem::path(t.path).filename().string();
  f.origin = fmt::format("{} ({})", f.file, diag::count_of(static_cast<long long>(shape.rows.size()), "row", "rows"));
  f.header = t.header;
  for (const auto& feature : shape.features) f.input_columns.push_back(feature.name);
  f.target_columns = shape.targets.empty() ? std::vector<std::string>{shape.target} : shape.targets;
  return f;
}

namespace {
// `standardize d.col` / `minmax d.col`: the column and where it is written.
struct ScaledColumn {
  std::string column, op;
  Span span;
};

// A scaled column must be an input column the table keeps: the loader
// (runtime/data/load.cpp, scaled_features) refuses anything else, so the
// check does, with the same codes.
void verify_scaled(const std::string& path, const csv::RawTable& t, const csv::TableShape& shape,
                   const std::vector<ScaledColumn>& scaled, const std::string& data, Diagnostics& diags) {
  for (const auto& s : scaled) {
    bool feature = false;
    for (const auto& f : shape.features) feature = feature || f.name == s.column;
    if (feature) continue;
    if (s.column == shape.target)
      diags.report(diag::data::bad_option(fmt::format("`{}` is the target; `{}` scales input columns", s.column, s.op),
                                          s.span, fmt::format("scale the inputs: `{} {}`", s.op, data)));
    else
      diags.report(diag::data::unknown_column(path, s.column, s.span, t.header));
  }
}
}  // namespace

// `user_file`: the script's own file, which gets the warnings about its
// columns (not a shipped data set, whose columns the user does not choose).
std::optional<DataFacts> probe_csv(const std::string& path, const csv::TableOptions& options, Diagnostics* diags,
                                   const diag::data::SourceSpans& at, Span path_span, bool user_file,
                                   const std::vector<ScaledColumn>& scaled = {}, const std::string& data = {}) {
  auto read = csv::read_columns(path, csv::wanted_columns(options), options.sep);
  if (!read.table) {
    if (diags) diags->report(diag::data::read_error(path, *read.error, path_span));
    return std::nullopt;
  }
  csv::Analysis analysis = csv::analyse(*read.table, options);
  // Errors, and the warnings about feature columns (an id, a constant, very
  // many levels); a warning about cells (a malformed number treated as
  // missing) is the loader's to give, once, when the run reads the file.
  if (diags)
    for (const auto& p : analysis.problems)
      if (p.error() || (p.at_check() && user_file)) diags->report(diag::data::problem(path, p, at, read.table->header));
  if (!analysis.shape) return std::nullopt;
  if (diags) verify_scaled(path, *read.table, *analysis.shape, scaled, data, *diags);
  DataFacts facts = facts_of(*read.table, *analysis.shape);
  csv::keep_for_next_read(std::move(*read.table), options.sep);  // `exp run` loads it next (csv_table.h)
  return facts;
}

namespace {
std::optional<csv::Impute> impute_word(const std::string& w) {
  if (w == "none") return csv::Impute::None;
  if (w == "mean") return csv::Impute::Mean;
  if (w == "median") return csv::Impute::Median;
  if (w == "drop") return csv::Impute::Drop;
  return std::nullopt;
}
}  // namespace

namespace {
// A data statement's source as the loader will see it: the built-in's name,
// the options written as constants, and where each was written.
struct SourceCall {
  std::string fn, path;
  Span path_span, target_span;
  csv::TableOptions options;
  std::map<std::string, Span> column_spans;
  std::map<std::string, double> numbers;  // generator options
  bool constant_options = true;           // no option computed from hypers
  // runtime/data/example_form.h: `shape:`, `tokens:`, `text:`, `length:`, `vocab:`
  std::vector<int64_t> shape;
  Span shape_span;
  bool tokens = false;
  Span tokens_span;
  std::string text;
  Span text_span;
  int64_t length = 32, vocab = 0;
};

SourceCall read_source(const ast::Program& p, const ast::Data& d, Span stmt_span) {
  SourceCall out;
  out.target_span = stmt_span;
  const auto& src = p.expr(d.source);
  if (auto* n = std::get_if<ast::Name>(&src.node)) out.fn = n->name;
  auto* c = std::get_if<ast::Call>(&src.node);
  if (!c) return out;
  out.fn = callee_of(p, *c);
  for (const auto& a : c->args) {
    const auto& v = p.expr(a.value);
    auto* s = std::get_if<ast::String>(&v.node);
    auto* word = std::get_if<ast::Name>(&v.node);
    std::string text = s ? s->value : word ? word->name : "";
    if (a.name.empty() && s) {
      out.path = s->value;
      out.path_span = v.span;
    } else if (a.name == "target" && (s || word)) {
      out.options.target = text;
      out.target_span = v.span;
    } else if (auto* list = std::get_if<ast::List>(&v.node); list && a.name == "target") {
      out.target_span = v.span;
      for (auto item : list->items) {  // each at its own string (unknown, text); non-strings: verify_table_options
        auto* name = std::get_if<ast::String>(&p.expr(item).node);
        if (!name) out.constant_options = false;
        else if (out.column_spans.emplace(name->value, p.expr(item).span).second) out.options.targets.push_back(name->value);
      }
      if (!out.options.targets.empty()) out.options.target = out.options.targets.front();
      if (out.options.targets.size() < 2) out.options.targets.clear();  // `target: ["y"]` is `target: "y"`
    } else if (a.name == "sep" && s && csv::parse_separator(text)) {
      out.options.sep = *csv::parse_separator(text);
    } else if (a.name == "task" && (text == "classification" || text == "regression")) {
      out.options.task = text == "classification" ? csv::Task::Classification : csv::Task::Regression;
    } else if (a.name == "impute" && impute_word(text)) {
      out.options.impute = *impute_word(text);
    } else if (a.name == "text" && s) {
      out.text = s->value;
      out.text_span = v.span;
      out.options.text_only = true;
    } else if (a.name == "tokens" && word && (word->name == "true" || word->name == "false")) {
      out.tokens = word->name == "true";
      out.tokens_span = v.span;
    } else if (auto* list = std::get_if<ast::List>(&v.node); list && a.name == "shape") {
      out.shape_span = v.span;
      for (auto item : list->items) {
        auto* size = std::get_if<ast::Number>(&p.expr(item).node);
        if (!size || size->value < 1 || size->value != std::floor(size->value) || size->value > 2147483648.0) {
          out.constant_options = false;  // the option checks report it
          out.shape.clear();
          break;
        }
        out.shape.push_back(static_cast<int64_t>(size->value));
      }
    } else if (auto* num = std::get_if<ast::Number>(&v.node)) {
      out.numbers[a.name] = num->value;
      if (a.name == "length") out.length = static_cast<int64_t>(num->value);
      if (a.name == "vocab") out.vocab = static_cast<int64_t>(num->value);
    } else if (auto* list = std::get_if<ast::List>(&v.node); list && (a.name == "columns" || a.name == "drop")) {
      for (auto item : list->items) {
        auto* cs = std::get_if<ast::String>(&p.expr(item).node);
        if (!cs) {
          out.constant_options = false;
          continue;
        }
        (a.name == "columns" ? out.options.columns : out.options.drop).push_back(cs->value);
        out.column_spans.emplace(cs->value, p.expr(item).span);
      }
    } else if (!a.name.empty() && a.name != "seed") {
      out.constant_options = false;  // an option computed from hypers, or one the option checks refuse
    }
  }
  return out;
}

// Columns named by preprocessing statements, per data set: `onehot d.col`
// widens a numeric column, `standardize d.col` / `minmax d.col` scale one;
// each with its statement, where an unknown column is reported.
struct ColumnStatements {
  std::map<std::string, std::vector<std::pair<std::string, Span>>> onehot;
  std::map<std::string, std::vector<ScaledColumn>> scaled;
};

ColumnStatements column_statements(const ast::Program& p) {
  ColumnStatements out;
  for (const auto& stmt : p.stmts)
    if (auto* pp = std::get_if<ast::Preprocess>(&stmt.node); pp && pp->target != ast::kNoExpr)
      if (auto* m = std::get_if<ast::Member>(&p.expr(pp->target).node))
        if (auto* base = std::get_if<ast::Name>(&p.expr(m->base).node)) {
          if (pp->op == "onehot") out.onehot[base->name].emplace_back(m->member, stmt.span);
          if (pp->op == "standardize" || pp->op == "minmax")
            out.scaled[base->name].push_back({m->member, pp->op, stmt.span});
        }
  return out;
}
}  // namespace

// What an example of a CSV source is (runtime/data/example_form.h, whose
// loader gives the same errors at run time): token ids from integer columns
// (the vocabulary: `vocab:` or the largest id + 1) or a text column
// (`length:` ids of `vocab:`), and `shape:`, whose product must be the
// feature count. nullopt after an error.
namespace {
std::optional<DataFacts> probe_example_form(const SourceCall& call, const std::string& path, DataFacts facts,
                                      const std::string& data, Diagnostics* diags) {
  if (!call.text.empty()) {
    auto text = csv::read_column_text(path, call.text, call.options.sep);
    if (!text.found && !text.error) {
      if (diags) diags->report(diag::data::unknown_column(path, call.text, call.text_span, text.header));
      return std::nullopt;
    }
    facts.features = call.length;
    facts.vocab = call.vocab > 0 ? call.vocab : 10000;  // ExampleForm::kDefaultTextVocab
  } else if (call.tokens) {
    // Every number cell of a feature column must be an id (the loader's
    // rule, runtime/data/tokens.cpp check_token_ids); the vocabulary is
    // `vocab:` or the largest id + 1. Missing cells are impute's.
    auto read = csv::read_columns(path, csv::wanted_columns(call.options), call.options.sep);
    if (!read.table) return std::nullopt;
    constexpr double kMaxVocab = 1e6;  // Tokens::kMaxVocab
    const std::string target = call.options.target.empty() ? read.table->header.back() : call.options.target;
    int64_t largest = -1;
    for (const auto& c : read.table->columns) {
      if (c.name == target) continue;
      for (size_t row = 0; row < c.numbers.size(); ++row) {
        const double v = c.numbers[row];
        if (v != v) continue;
        const double limit = call.vocab > 0 ? static_cast<double>(call.vocab) : kMaxVocab;
        if (v >= 0 && v == std::floor(v) && v < limit) {
          largest = std::max(largest, static_cast<int64_t>(v));
          continue;
        }
        const uint32_t line = row < read.table->lines.size() ? read.table->lines[row] : 0;
        const std::string file = std::filesystem::path(path).filename().string();
        std::string problem =
            call.vocab > 0 && v >= 0 && v == std::floor(v)
                ? fmt::format("`vocab: {}` allows ids 0 to {}, but column `{}` of `{}` holds {:g} ({} line {})",
                              call.vocab, call.vocab - 1, c.name, data, v, file, line)
                : fmt::format("token ids are whole numbers from 0 to {:.0f}, but column `{}` of `{}` holds {:g} ({} line {})",
                              kMaxVocab - 1, c.name, data, v, file, line);
        if (diags)
          diags->report(diag::data::bad_option(problem, call.tokens_span,
                                               call.vocab > 0 && v >= 0 && v == std::floor(v)
                                                   ? "raise `vocab:`, or leave it out: the vocabulary is then the largest id + 1"
                                                   : "`tokens: true` reads every feature column as ids; leave other columns out with `drop:`"));
        return std::nullopt;
      }
    }
    facts.vocab = call.vocab > 0 ? call.vocab : largest + 1;
  }
  if (!call.shape.empty()) {
    int64_t product = 1;
    for (int64_t d : call.shape) product = std::min<int64_t>(product * d, int64_t{1} << 32);
    if (product != facts.features) {
      if (diags) diags->report(diag::data::shape_mismatch(call.shape, product, data, facts.features, call.shape_span));
      return std::nullopt;
    }
    facts.shape = call.shape;
  }
  return facts;
}
}  // namespace

namespace {
// Token ids index a table: `standardize d`, `minmax d` and `onehot d.col`
// on token data are errors (the loader reports the same).
void refuse_transformed_ids(const ast::Program& p, const std::string& data, Diagnostics& diags) {
  for (const auto& stmt : p.stmts) {
    auto* pp = std::get_if<ast::Preprocess>(&stmt.node);
    if (!pp || pp->target == ast::kNoExpr) continue;
    const auto& target = p.expr(pp->target).node;
    const ast::Name* name = std::get_if<ast::Name>(&target);
    if (auto* m = std::get_if<ast::Member>(&target)) name = std::get_if<ast::Name>(&p.expr(m->base).node);
    if (name && name->name == data) diags.report(diag::data::transformed_token_ids(pp->op, stmt.span));
  }
}
}  // namespace

DataFactsByName probe_data(const ast::Program& p, const Resolution&, const std::string& script_dir,
                           Diagnostics* diags) {
  DataFactsByName out;
  ColumnStatements columns = column_statements(p);
  for (const auto& stmt : p.stmts) {
    auto* d = std::get_if<ast::Data>(&stmt.node);
    if (!d) continue;
    DataFacts facts;
    facts.name = d->name;
    SourceCall call = read_source(p, *d, stmt.span);
    csv::TableOptions& options = call.options;
    if (!options.target.empty()) call.column_spans.emplace(options.target, call.target_span);  // unknown: at `target:`
    for (const auto& [column, span] : columns.onehot[d->name]) {
      options.categorical.push_back(column);
      call.column_spans.emplace(column, span);
    }
    diag::data::SourceSpans at{stmt.span, call.target_span, [&](const std::string& column) {
                                 auto it = call.column_spans.find(column);
                                 return it == call.column_spans.end() ? stmt.span : it->second;
                               }};
    // Problems are reported only when every option is a constant the loader
    // will see the same way; otherwise the loader reports them at run time.
    Diagnostics* report = call.constant_options ? diags : nullptr;
    std::optional<DataFacts> found;
    const std::string& fn = call.fn;
    if (fn == "csv" && !call.path.empty()) {
      found = probe_csv(lowering::absolute(script_dir, call.path), options, report, at, call.path_span, true,
                        columns.scaled[d->name], d->name);
    } else if (const csv::ShippedDataset* shipped = csv::find_shipped(fn)) {
      options.target = std::string(shipped->target);
      options.task = shipped->task;
      found = probe_csv(csv::shipped_path(fn), options, report, at, {}, false, columns.scaled[d->name], d->name);
    } else if (call.constant_options && stdlib::find(fn, stdlib::Category::Generator)) {
      found = generator_facts(fn, call.numbers);
    }
    if (found && (fn == "csv" || csv::find_shipped(fn)))
      found = probe_example_form(call, fn == "csv" ? lowering::absolute(script_dir, call.path) : csv::shipped_path(fn),
                           *found, d->name, report);
    if (found) {
      facts = *found;
      facts.name = d->name;
    }
    // Several targets are known from the script alone (the checker's loss check reads it even when the file is not).
    if (!options.targets.empty()) facts.targets = static_cast<int64_t>(options.targets.size());
    if (facts.vocab > 0 && diags) refuse_transformed_ids(p, d->name, *diags);
    out[d->name] = facts;
  }
  return out;
}

void check_splits(const ir::Program& p, const DataFactsByName& facts, Diagnostics& diags) {
  for (const auto& d : p.data) {
    auto it = facts.find(d.name);
    if (it == facts.end() || !it->second.known || it->second.rows < 0) continue;
    // A data set nothing trains on and no evaluation reads a part of (`evaluate
    // m on d` scores every row) uses no part: its split's parts warn of nothing.
    const bool trained = std::any_of(p.trains.begin(), p.trains.end(), [&](const auto& t) { return t.data == d.name; });
    const bool part_read = std::any_of(p.evaluations.begin(), p.evaluations.end(),
                                       [&](const auto& e) { return e.data == d.name && !e.part.empty(); });
    const std::optional<PartsUsed> used = trained || part_read ? std::optional(parts_used(p, d.name)) : std::nullopt;
    check_split(d, static_cast<size_t>(it->second.rows), it->second.classification, used, diags);
  }
}

}  // namespace xp
