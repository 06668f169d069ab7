#include "runtime/data/load.h"

#include <cmath>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "ir/split_rules.h"
#include "base/plural.h"
#include "runtime/data/csv_table.h"
#include "runtime/data/data_errors.h"
#include "runtime/data/datasets.h"
#include "runtime/data/example_form.h"
#include "runtime/data/generators.h"
#include "runtime/data/split.h"
#include "stdlib/builtins.h"

namespace xp::rt {

namespace {

// Options of one data source, evaluated and checked.
struct SourceOptions {
  CsvOptions csv;
  std::map<std::string, double> generator;
  std::optional<uint64_t> generator_seed;
  std::string scaling = "none";
  bool scale_every = false;                                 // `standardize d` (not one column)
  std::vector<std::pair<std::string, Span>> scaled_columns;  // `standardize d.col`, where written
  ExampleForm form;                                         // shape:, tokens:, text: (example_form.h)
};

std::optional<std::string> text_of(const ir::Value& v) {
  if (v.kind == ir::Value::Kind::Number) return std::nullopt;
  return v.text;
}

std::string option_list(const ir::DataSpec& spec) {
  if (spec.source == ir::DataSpec::Source::Csv) {  // csv's named arguments in the registry
    std::string names;
    for (const auto& a : stdlib::find("csv", stdlib::Category::Source)->args)
      if (a.named) names += (names.empty() ? "" : ", ") + std::string(a.name);
    return names;
  }
  if (spec.source == ir::DataSpec::Source::Dataset) return "impute, columns, drop, shape";
  std::string names;
  for (const auto& o : generator_options(spec.dataset)) names += std::string(o.name) + ", ";
  return names + "seed";
}

// One named option of a generator: a number within its declared bounds.
bool read_generator_option(const ir::DataSpec& spec, const ir::NamedHExpr& opt, const ir::Value& v,
                           SourceOptions& out, Diagnostics& diags) {
  bool is_number = v.kind == ir::Value::Kind::Number;
  bool is_integer = is_number && v.number == std::floor(v.number);
  if (opt.name == "seed") {
    if (!is_integer || v.number < 0) {
      diags.report(data_diag::bad_option("`seed:` must be a non-negative integer", opt.span));
      return false;
    }
    out.generator_seed = static_cast<uint64_t>(v.number);
    return true;
  }
  for (const auto& o : generator_options(spec.dataset)) {
    if (o.name != opt.name) continue;
    if (!is_number || !o.accepts(v.number)) {
      diags.report(data_diag::bad_option(fmt::format("`{}:` of {} must be {}", o.name, spec.dataset, o.range_text()),
                                         opt.span, std::string(o.doc)));
      return false;
    }
    out.generator[opt.name] = v.number;
    return true;
  }
  diags.report(data_diag::bad_option(fmt::format("{} has no option `{}`", spec.dataset, opt.name), opt.span,
                                     "its options are: " + option_list(spec)));
  return false;
}

// One named option of a CSV file or a shipped data set.
bool read_table_option(const ir::DataSpec& spec, const ir::NamedHExpr& opt, const ir::Value& v, SourceOptions& out,
                       Diagnostics& diags) {
  bool csv = spec.source == ir::DataSpec::Source::Csv;
  auto text = text_of(v);
  if (bool ok = true; (csv || opt.name == "shape") && read_form_option(opt.name, v, opt.span, out.form, ok, diags))
    return ok;
  if (opt.name == "columns" || opt.name == "drop") {  // one option per listed column (compiler/lower/data.cpp)
    if (text) out.csv.column_spans.emplace(*text, opt.span);
    if (text && opt.name == "drop") out.csv.drop.push_back(*text);
    return true;
  }
  if (csv && opt.name == "target") {  // several targets: one option per name (compiler/lower/data.cpp)
    if (!text) {
      diags.report(data_diag::bad_option("`target:` must name a column, such as `target: \"species\"`", opt.span));
      return false;
    }
    if (out.csv.target.empty()) out.csv.target = *text;
    if (out.csv.targets.empty() || *text == out.csv.target) out.csv.target_span = opt.span;
    if (!out.csv.targets.empty()) out.csv.column_spans.emplace(*text, opt.span);
    return true;
  }
  if (csv && opt.name == "sep") {
    if (auto sep = text ? stdlib::csv::parse_separator(*text) : std::nullopt) {
      out.csv.sep = *sep;
      return true;
    }
    diags.report(data_diag::bad_option(std::string(stdlib::csv::kSeparatorRule), opt.span));
    return false;
  }
  if (csv && opt.name == "task") {
    if (text && (*text == "classification" || *text == "regression")) {
      out.csv.task = *text == "classification" ? Task::Classification : Task::Regression;
      return true;
    }
    diags.report(data_diag::bad_option("`task:` must be `classification` or `regression`", opt.span));
    return false;
  }
  if (opt.name == "impute") {
    if (auto mode = text ? parse_impute(*text) : std::nullopt) {
      out.csv.impute = *mode;
      return true;
    }
    diags.report(data_diag::bad_option("`impute:` must be `none`, `mean`, `median` or `drop`", opt.span));
    return false;
  }
  std::string source = csv ? std::string("csv") : spec.dataset;
  diags.report(data_diag::bad_option(fmt::format("{} has no option `{}`", source, opt.name), opt.span,
                                     "its options are: " + option_list(spec)));
  return false;
}

bool read_options(const ir::DataSpec& spec, SourceOptions& out, Diagnostics& diags) {
  out.csv.target = spec.target;
  out.csv.targets = spec.targets;
  out.csv.columns = spec.columns;
  out.csv.target_span = out.csv.columns_span = spec.span;
  out.csv.path_span = spec.path_span;
  bool ok = true;
  for (const auto& opt : spec.options) {
    if (opt.name.empty()) {
      if (spec.source == ir::DataSpec::Source::Csv) continue;  // the path
      diags.report(data_diag::bad_option("data options are named (`n: 500`)", opt.span));
      ok = false;
      continue;
    }
    auto v = ir::eval(opt.value, {});
    if (!v) {
      diags.report(data_diag::bad_option(fmt::format("option `{}` must be a constant", opt.name), opt.span,
                                         "data is loaded once, before any hyperparameter is drawn"));
      ok = false;
      continue;
    }
    ok = (spec.source == ir::DataSpec::Source::Generator ? read_generator_option(spec, opt, *v, out, diags)
                                                         : read_table_option(spec, opt, *v, out, diags)) &&
         ok;
  }
  for (const auto& p : spec.preprocess) {
    if (p.op == "standardize" || p.op == "minmax") {
      if (out.form.token_ids()) {
        diags.report(data_diag::transformed_token_ids(p.op, p.span));
        ok = false;
      }
      if (out.scaling != "none" && out.scaling != p.op) {
        diags.report(data_diag::scaling_conflict(p.op, out.scaling, p.span));
        ok = false;
      }
      out.scaling = p.op;
      if (p.column.empty()) out.scale_every = true;
      else out.scaled_columns.emplace_back(p.column, p.span);
    } else if (p.op == "onehot") {
      if (spec.source == ir::DataSpec::Source::Generator) {
        diags.report(data_diag::onehot_without_columns(p.span));
        ok = false;
      }
      if (out.form.token_ids()) {
        diags.report(data_diag::transformed_token_ids(p.op, p.span));
        ok = false;
      }
      out.csv.categorical.push_back(p.column);
      out.csv.column_spans.emplace(p.column, p.span);
    } else {
      diags.report(data_diag::bad_option(fmt::format("unknown preprocessing `{}`", p.op), p.span,
                                         "use standardize, minmax or onehot"));
      ok = false;
    }
  }
  out.csv.text_only = !out.form.text.empty();
  return ok;
}

std::optional<Table> load_source(const ir::DataSpec& spec, const SourceOptions& o, uint64_t seed, Diagnostics& diags) {
  switch (spec.source) {
    case ir::DataSpec::Source::Csv:
      return load_csv(spec.path, o.csv, diags);
    case ir::DataSpec::Source::Dataset:
      if (const ShippedDataset* d = find_shipped_dataset(spec.dataset)) return load_shipped_dataset(*d, o.csv, diags);
      diags.report(data_diag::bad_option(fmt::format("no data set named `{}`", spec.dataset), spec.span,
                                         "shipped data sets: iris, wine, breast_cancer, digits, diabetes"));
      return std::nullopt;
    case ir::DataSpec::Source::Generator:
      if (!is_generator(spec.dataset)) {
        diags.report(data_diag::bad_option(fmt::format("no generator named `{}`", spec.dataset), spec.span,
                                           "generators: moons, circles, blobs, spirals, xor, regression, friedman1, token_sum, bars"));
        return std::nullopt;
      }
      if (std::string problem = stdlib::too_large(spec.dataset, o.generator); !problem.empty()) {
        diags.report(data_diag::bad_option(std::move(problem), spec.span, "lower `n:` or `features:`"));
        return std::nullopt;
      }
      return generate(spec.dataset, o.generator, o.generator_seed.value_or(seed));
  }
  return std::nullopt;
}

// `standardize d.col` / `minmax d.col`: which encoded features the scaling is
// fitted on (a one-hot column's every level). Empty: all of them.
std::optional<std::vector<bool>> scaled_features(const ir::DataSpec& spec, const SourceOptions& o, const Schema& schema,
                                                 Diagnostics& diags) {
  if (o.scale_every || o.scaled_columns.empty()) return std::vector<bool>{};
  std::vector<bool> only(static_cast<size_t>(schema.width()), false);
  bool ok = true;
  for (const auto& [column, span] : o.scaled_columns) {
    size_t at = 0;
    bool found = false;
    for (const auto& f : schema.features) {
      if (f.name == column) {
        found = true;
        for (int k = 0; k < f.width(); ++k) only[at + static_cast<size_t>(k)] = true;
      }
      at += static_cast<size_t>(f.width());
    }
    if (found) continue;
    ok = false;
    if (column == schema.target)
      diags.report(data_diag::bad_option(fmt::format("`{}` is the target; `{}` scales input columns", column, o.scaling),
                                         span, fmt::format("scale the inputs: `{} {}`", o.scaling, spec.name)));
    else
      diags.report(data_diag::unknown_column(spec.source == ir::DataSpec::Source::Csv ? spec.path : spec.dataset, column, span));
  }
  if (!ok) return std::nullopt;
  return only;
}

// E0812 before the saved scaling is applied to rows of `path`: a value that
// the training data's shift and spread would take past a 32-bit float (a cell
// of 1e30 where training saw a spread of 1e-9). The arithmetic is
// apply_scaling's, so exactly the rows it would make infinite are refused.
// `lines`: the file line of each data row, indexed by Part::origin.
bool check_scaled_range(const Part& p, const Scaling& s, const Schema& schema, const std::vector<uint32_t>& lines,
                        const std::string& path, Diagnostics& diags) {
  if (s.kind == "none" || s.shift.empty()) return true;
  const std::vector<std::string> names = schema.feature_names();
  bool ok = true;
  for (Eigen::Index j = 0; j < p.X.cols(); ++j) {
    const float shift = s.shift[static_cast<size_t>(j)], scale = s.scale[static_cast<size_t>(j)];
    size_t count = 0;
    Eigen::Index first = 0;
    for (Eigen::Index i = 0; i < p.X.rows(); ++i) {
      float v = p.X(i, j);
      if (std::isfinite(v) && !std::isfinite((v - shift) / scale) && count++ == 0) first = i;
    }
    if (count == 0) continue;
    size_t row = static_cast<size_t>(first) < p.origin.size() ? p.origin[static_cast<size_t>(first)] : static_cast<size_t>(first);
    uint32_t line = row < lines.size() ? lines[row] : 0;
    diags.report(data_diag::float_overflow(path, names[static_cast<size_t>(j)], fmt::format("{}", p.X(first, j)), line, count, true));
    ok = false;
  }
  return ok;
}

}  // namespace

void number_rows(Part& p) {
  p.origin.resize(p.rows());
  for (size_t i = 0; i < p.origin.size(); ++i) p.origin[i] = i;
}

Part subset(const Part& p, const std::vector<size_t>& rows) {
  Part out;
  out.X.resize(static_cast<Eigen::Index>(rows.size()), p.X.cols());
  out.Y.resize(static_cast<Eigen::Index>(rows.size()), p.Y.cols());
  if (!p.labels.empty()) out.labels.reserve(rows.size());
  if (!p.origin.empty()) out.origin.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto r = static_cast<Eigen::Index>(rows[i]);
    out.X.row(static_cast<Eigen::Index>(i)) = p.X.row(r);
    out.Y.row(static_cast<Eigen::Index>(i)) = p.Y.row(r);
    if (!p.labels.empty()) out.labels.push_back(p.labels[rows[i]]);
    if (!p.origin.empty()) out.origin.push_back(p.origin[rows[i]]);
  }
  out.target = p.target;
  return out;
}

namespace {
// subset(p, rows) for ascending `rows`, made of `p` itself: each kept row
// moves toward the front (never over a row still to be read), then the
// storage shrinks in place. Splitting a large file then holds the unsplit
// rows beside the small parts only, not beside a second copy of them all.
Part keep_rows_in_place(Part p, const std::vector<size_t>& rows) {
  const auto cols_x = static_cast<size_t>(p.X.cols()), cols_y = static_cast<size_t>(p.Y.cols());
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t r = rows[i];
    if (r == i) continue;
    const auto from = static_cast<Eigen::Index>(r), to = static_cast<Eigen::Index>(i);
    if (cols_x > 0) std::memcpy(p.X.row(to).data(), p.X.row(from).data(), sizeof(float) * cols_x);
    if (cols_y > 0) std::memcpy(p.Y.row(to).data(), p.Y.row(from).data(), sizeof(float) * cols_y);
    if (!p.labels.empty()) p.labels[i] = p.labels[r];
    if (!p.origin.empty()) p.origin[i] = p.origin[r];
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  p.X.conservativeResize(n, Eigen::NoChange);  // row-major, same width: a realloc, no copy
  p.Y.conservativeResize(n, Eigen::NoChange);
  if (!p.labels.empty()) p.labels.resize(rows.size());
  if (!p.origin.empty()) p.origin.resize(rows.size());
  return p;
}
}  // namespace

std::optional<PreparedData> prepare_data(const ir::DataSpec& spec, uint64_t seed, Diagnostics& diags,
                                         bool keep_unscaled_train) {
  SourceOptions o;
  if (!read_options(spec, o, diags)) return std::nullopt;
  auto table = load_source(spec, o, seed, diags);
  if (!table) return std::nullopt;
  if (table->all.origin.empty()) number_rows(table->all);  // a generator's draws, in order
  std::vector<std::string> texts;  // `text:`: the column's cells, one per row
  if (!form_before_split(o.form, spec.path, o.csv.sep, spec.name, *table, texts, diags)) return std::nullopt;
  // The checker already ran check_split with the parts the program reads; here
  // it guards what only the loader knows (options computed from hypers).
  if (!check_split(spec, table->all.rows(), table->info.task == Task::Classification, std::nullopt, diags))
    return std::nullopt;
  auto only = scaled_features(spec, o, table->schema, diags);
  if (!only) return std::nullopt;

  bool classification = table->info.task == Task::Classification;
  SplitRows rows = split_rows(table->all.rows(), spec.split, spec.split.stratify ? &table->all.labels : nullptr, seed);
  if (!form_after_split(o.form, rows.train, texts, spec.name, *table, diags)) return std::nullopt;

  PreparedData d;
  d.info = table->info;
  d.info.name = spec.name;
  d.val = subset(table->all, rows.val);
  d.test = subset(table->all, rows.test);
  d.train = keep_rows_in_place(std::move(table->all), rows.train);  // the unsplit rows become the training part
  table->all = Part{};
  d.schema = std::move(table->schema);
  fit_and_fill_missing(d.schema, d.train, {&d.val, &d.test});
  d.fingerprint_train = fingerprint(d.train);
  d.fingerprint_val = fingerprint(d.val);
  d.fingerprint_test = fingerprint(d.test);

  if (spec.split.folds != 0)  // 2 ≤ folds ≤ training rows: check_split above
    d.folds = kfold(d.train.rows(), spec.split.folds, classification ? &d.train.labels : nullptr, seed);
  if (keep_unscaled_train || !d.folds.empty()) d.train_raw = d.train;
  d.scaling = fit_scaling(o.scaling, d.train, *only);
  for (Part* p : {&d.train, &d.val, &d.test}) apply_scaling(d.scaling, *p);
  if (!classification && only->empty()) {  // `standardize d.col` scales that column, not the target
    Scaling target = fit_target_scaling(o.scaling, d.train);
    for (Part* p : {&d.train, &d.val, &d.test}) apply_target_scaling(target, *p);
  }
  return d;
}

std::optional<Part> load_for_prediction(const stdlib::csv::Source& csv, const Schema& schema, const Scaling& scaling,
                                        Diagnostics& diags, std::vector<size_t>* scored) {
  const std::string& csv_path = csv.path;
  auto table = load_csv_with_schema(csv, schema, diags, schema.sep);
  if (!table) return std::nullopt;
  if (static_cast<Eigen::Index>(scaling.shift.size()) != table->all.X.cols() && scaling.kind != "none") {
    diags.report(data_diag::schema_mismatch(csv_path, "the saved scaling does not match the saved schema",
                                            "the model file is inconsistent; train it again"));
    return std::nullopt;
  }
  if (!encode_with_schema(schema, csv, schema.sep, table->all, diags)) return std::nullopt;
  if (scored) *scored = std::move(table->scored);
  fill_missing(schema, table->all);
  if (table->all.origin.empty()) number_rows(table->all);
  if (!check_scaled_range(table->all, scaling, schema, table->lines, csv_path, diags)) return std::nullopt;
  apply_scaling(scaling, table->all);
  return std::move(table->all);
}

std::optional<Part> load_for_evaluation(const ir::DataSpec& spec, const std::string& part, uint64_t seed,
                                        const PreparedData& trained_on, Span at, Diagnostics& diags) {
  const Schema& schema = trained_on.schema;
  std::optional<Table> table;
  if (spec.source == ir::DataSpec::Source::Generator) {
    SourceOptions o;
    if (!read_options(spec, o, diags)) return std::nullopt;
    table = load_source(spec, o, seed, diags);
    if (!table) return std::nullopt;
    if (table->schema.feature_names() != schema.feature_names() || table->info.task != schema.task ||
        table->schema.class_names != schema.class_names) {
      diags.report(data_diag::bad_option(
          fmt::format("`{}` does not have the features and {} of `{}`, which the model was trained on", spec.name,
                      schema.task == Task::Classification ? "classes" : "target", trained_on.info.name),
          at, "evaluate on data with the same columns (a generator with the same `features:` and classes)"));
      return std::nullopt;
    }
  } else {
    // A file is encoded with the training schema (columns by name, the same
    // one-hot levels), as `exp predict` does, read with its own separator.
    SourceOptions o;
    if (!read_options(spec, o, diags)) return std::nullopt;
    std::string path = spec.source == ir::DataSpec::Source::Csv ? spec.path : shipped_dataset_path(spec.dataset);
    table = load_csv_with_schema(path, schema, diags, o.csv.sep);
    if (!table || !encode_with_schema(schema, path, o.csv.sep, table->all, diags)) return std::nullopt;
    bool scored = schema.task == Task::Classification ? !table->all.labels.empty() : table->all.Y.cols() > 0;
    if (!scored) {
      diags.report(data_diag::schema_mismatch(path, fmt::format("it has no target column `{}` to score against", schema.target),
                                              "evaluate on data that has the target; `exp predict` scores rows without one"));
      return std::nullopt;
    }
  }
  Part all = std::move(table->all);
  if (all.origin.empty()) number_rows(all);
  if (!part.empty()) {
    SplitRows rows = split_rows(all.rows(), spec.split, spec.split.stratify ? &all.labels : nullptr, seed);
    all = subset(all, part == "train" ? rows.train : part == "val" ? rows.val : rows.test);
  }
  fill_missing(schema, all);
  if (std::string path = spec.source == ir::DataSpec::Source::Csv ? spec.path : shipped_dataset_path(spec.dataset);
      spec.source != ir::DataSpec::Source::Generator &&
      !check_scaled_range(all, trained_on.scaling, schema, table->lines, path, diags))
    return std::nullopt;
  apply_scaling(trained_on.scaling, all);
  if (schema.task == Task::Regression) apply_target_scaling(trained_on.train.target, all);  // metrics undo it
  return all;
}

}  // namespace xp::rt
