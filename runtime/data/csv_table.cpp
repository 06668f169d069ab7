#include "runtime/data/csv_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/data/data_errors.h"
#include "stdlib/csv.h"
#include "stdlib/csv_table.h"
#include "stdlib/iso_date.h"

namespace xp::rt {

namespace csv = stdlib::csv;

namespace {

// Rows encoded between two releases of the raw cells behind them (a block of
// 20 float columns is 5 MB): few enough madvise calls, little held twice.
constexpr size_t kEncodeBlockRows = size_t{1} << 16;

// A prediction file's bad cells in the columns the model reads: what the saved
// schema cannot fill is an error (the help says so in predict's terms).
// A date column's cells that are not dates (numbers, or text that does not
// parse): an error unless the saved fill can stand in (then a warning).
bool check_prediction_dates(const csv::RawTable& t, const csv::RawColumn& c, bool fillable, Diagnostics& diags) {
  size_t bad = 0;
  std::optional<size_t> first;
  for (size_t r = 0; r < t.rows; ++r) {
    bool date = c.is_text(r) && csv::parse_iso_date(c.levels[static_cast<size_t>(c.text[r])]).has_value();
    if (date || c.is_missing(r)) continue;
    ++bad;
    if (!first) first = r;
  }
  if (bad == 0) return true;
  diags.report(data_diag::malformed_dates(t.path, c.name, bad, c.level(*first), t.lines[*first], fillable));
  return fillable;
}

bool check_prediction_cells(const csv::RawTable& t, const csv::RawColumn& c, const SchemaColumn& f,
                            const Schema& schema, Diagnostics& diags) {
  bool fillable = f.categorical ? schema.impute != Impute::None : !std::isnan(f.fill);
  if (f.date) {
    bool ok = check_prediction_dates(t, c, fillable, diags);
    if (c.missing > 0 && !fillable) {
      diags.report(data_diag::missing_values(t.path, c.name, c.missing, c.first_missing, /*predicting=*/true));
      ok = false;
    }
    return ok;
  }
  if (fillable) {
    if (!f.categorical && c.text_cells > 0)
      diags.report(data_diag::problem(
          t.path, {csv::Problem::Kind::MalformedAsMissing, c.name, c.text_cells, c.first_text}, {}, t.header));
    return true;
  }
  bool ok = true;
  if (c.missing > 0) {
    diags.report(data_diag::missing_values(t.path, c.name, c.missing, c.first_missing, /*predicting=*/true));
    ok = false;
  }
  if (!f.categorical && c.text_cells > 0) {
    diags.report(data_diag::malformed_numbers(t.path, c.name, c.text_cells, c.first_text, /*predicting=*/true));
    ok = false;
  }
  return ok;
}

// A prediction file's numbers that a 32-bit float cannot hold, in the numeric
// features the model reads: E0812 per column, at its first such cell. (A
// training file's are analyse()'s TooLarge problem.)
bool check_prediction_range(const csv::RawTable& t, const Schema& schema, Diagnostics& diags) {
  bool ok = true;
  for (const auto& f : schema.features) {
    const csv::RawColumn* c = t.find(f.name);
    if (!c || f.categorical || f.date) continue;
    if (c->too_large == 0) continue;
    diags.report(data_diag::float_overflow(t.path, c->name, fmt::format("{}", c->first_too_large_value),
                                           t.lines[c->first_too_large], c->too_large, false));
    ok = false;
  }
  return ok;
}

// A column's cells as positions among `names` (one-hot levels, class names;
// -1: not among them), matched by their level text (RawColumn::level) but
// without a string per cell: a text cell by its level id, a number cell by
// its value (its canonical text made once per distinct value).
class LevelLookup {
 public:
  LevelLookup(const csv::RawColumn& c, const std::vector<std::string>& names) : c_(&c) {
    for (size_t i = 0; i < names.size(); ++i) index_.emplace(names[i], static_cast<int>(i));
    for (const auto& level : c.levels) {
      auto it = index_.find(level);
      by_text_.push_back(it == index_.end() ? -1 : it->second);
    }
  }
  // The position of a cell that is not missing.
  int operator()(size_t row) const {
    if (c_->is_text(row)) return by_text_[static_cast<size_t>(c_->text[row])];
    const double v = c_->value(row);
    auto hit = by_number_.find(v);
    if (hit == by_number_.end()) {
      auto it = index_.find(csv::canonical_number(v));
      hit = by_number_.emplace(v, it == index_.end() ? -1 : it->second).first;
    }
    return hit->second;
  }

 private:
  const csv::RawColumn* c_;
  std::unordered_map<std::string, int> index_;
  std::vector<int> by_text_;                            // level id → position
  mutable std::unordered_map<double, int> by_number_;  // value → position, as met
};

// Fills one row of X from the raw columns as the schema says. Numeric cells
// that are missing get the column's fill (NaN when none yet); categorical cells
// whose level is unknown are all zeros and reported through `unseen`.
struct Encoder {
  const Schema& schema;
  std::vector<const csv::RawColumn*> columns;                    // per schema feature
  std::vector<std::optional<LevelLookup>> levels;                 // per categorical feature
  // Per date feature, the encoded parts of each text level (a date column
  // has few distinct days against many rows: each is parsed and split once),
  // and of the fill, which stands in for a cell that is missing or no date
  // (fill_missing in preprocess.h); all NaN where there is no day.
  using DateParts = std::array<float, std::tuple_size_v<decltype(csv::date_parts(0))>>;
  std::vector<std::vector<DateParts>> level_parts;
  std::vector<DateParts> fill_parts;

  static DateParts parts_of(double days) {
    DateParts out;
    out.fill(std::nanf(""));
    if (!std::isnan(days)) {
      const auto parts = csv::date_parts(static_cast<int64_t>(days));
      for (size_t k = 0; k < parts.size(); ++k) out[k] = static_cast<float>(parts[k]);
    }
    return out;
  }

  Encoder(const Schema& s, const csv::RawTable& t) : schema(s) {
    for (const auto& f : s.features) {
      const csv::RawColumn* c = t.find(f.name);
      columns.push_back(c);
      levels.emplace_back();
      if (f.categorical && c) levels.back().emplace(*c, f.levels);
      std::vector<DateParts> by_level;
      if (f.date && c)
        for (const auto& level : c->levels) {
          auto d = csv::parse_iso_date(level);
          const DateParts own = parts_of(d ? static_cast<double>(*d) : std::nan(""));
          by_level.push_back(d ? own : parts_of(f.fill));
        }
      level_parts.push_back(std::move(by_level));
      fill_parts.push_back(parts_of(f.date ? f.fill : std::nan("")));
    }
  }

  template <class OnUnseen>
  void row(size_t r, float* out, OnUnseen&& unseen) const {
    int at = 0;
    for (size_t j = 0; j < schema.features.size(); ++j) {
      const SchemaColumn& f = schema.features[j];
      const csv::RawColumn& c = *columns[j];
      if (f.date) {
        const DateParts& parts = c.is_text(r) ? level_parts[j][static_cast<size_t>(c.text[r])] : fill_parts[j];
        std::copy(parts.begin(), parts.begin() + f.width(), out + at);
        at += f.width();
        continue;
      }
      if (!f.categorical) {
        const float v = c.numbers[r];
        out[at++] = std::isnan(v) ? static_cast<float>(f.fill) : v;
        continue;
      }
      std::fill(out + at, out + at + f.width(), 0.0f);
      if (!c.is_missing(r)) {
        const int level = (*levels[j])(r);
        if (level >= 0)
          out[at + level] = 1.0f;
        else
          unseen(j, r);
      }
      at += f.width();
    }
  }
};

// What the typed table's columns became (saved with the model for `exp predict`).
Schema schema_of(const csv::TableShape& shape, const CsvOptions& o) {
  Schema schema;
  schema.sep = o.sep;
  schema.target = shape.target;
  if (shape.targets.size() > 1) schema.targets = shape.targets;
  schema.task = shape.task;
  schema.impute = o.impute;
  for (const auto& f : shape.features) {
    SchemaColumn col;
    col.name = f.name;
    col.categorical = f.categorical;
    col.date = f.date;
    col.levels = f.levels;
    schema.features.push_back(std::move(col));
  }
  schema.class_names = shape.classes;
  return schema;
}

}  // namespace

diag::data::SourceSpans CsvOptions::spans() const {
  return {columns_span, target_span,
          [this](const std::string& name) {
            // One target at `target:`; several each at its own string (column_spans).
            return name == target && !target.empty() && targets.empty() ? target_span : span_of_column(name);
          }};
}

std::optional<Table> load_csv(const std::string& path, const CsvOptions& o, Diagnostics& diags) {
  const csv::TableOptions& options = o;
  auto read = csv::read_columns(path, csv::wanted_columns(options), options.sep);
  if (!read.table) {
    diags.report(data_diag::read_error(path, *read.error, o.path_span));
    return std::nullopt;
  }
  csv::RawTable& t = *read.table;
  csv::Analysis analysis = csv::analyse(t, options);
  for (const auto& p : analysis.problems)  // the column warnings are `exp check`'s (data_probe.cpp)
    if (!p.at_check()) diags.report(data_diag::problem(path, p, o.spans(), t.header));
  if (!analysis.shape) return std::nullopt;
  csv::TableShape& shape = *analysis.shape;

  Schema schema = schema_of(shape, o);

  Table out;
  out.schema = std::move(schema);
  const Schema& s = out.schema;
  out.info.task = s.task;
  out.info.target_name = s.target;
  out.info.targets = s.targets;
  out.info.feature_names = s.feature_names();
  out.info.class_names = s.class_names;

  const csv::RawColumn& target = *t.find(s.target);
  std::vector<const csv::RawColumn*> targets;  // regression: one column of Y each
  for (const auto& name : s.target_names()) targets.push_back(t.find(name));
  const auto& rows = shape.rows;
  Encoder enc(s, t);
  Part& p = out.all;
  p.X.resize(static_cast<Eigen::Index>(rows.size()), s.width());
  p.Y.resize(static_cast<Eigen::Index>(rows.size()), s.task == Task::Classification ? 1 : static_cast<Eigen::Index>(targets.size()));
  const LevelLookup class_of(target, s.class_names);
  if (s.task == Task::Classification) p.labels.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    size_t r = rows[i];
    // Rows are kept in file order: a block's raw cells are done with once
    // it is encoded (csv_table.h). This is the peak of loading.
    if (i % kEncodeBlockRows == 0) t.release_rows_before(r);
    enc.row(r, p.X.row(static_cast<Eigen::Index>(i)).data(), [](size_t, size_t) {});
    if (s.task == Task::Classification) {
      const int label = class_of(r);
      if (label < 0) throw std::logic_error("internal error: a class missing from the table's classes; this is a bug in exp");
      p.labels.push_back(label);
      p.Y(static_cast<Eigen::Index>(i), 0) = static_cast<float>(label);
    } else {
      for (size_t j = 0; j < targets.size(); ++j)
        p.Y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = static_cast<float>(targets[j]->numbers[r]);
    }
  }
  // After the encoding, the peak of loading (the raw table beside X): the
  // kept rows' file lines, and their indices in the file (rows with a
  // missing target are not kept), moved rather than copied where they can be.
  if (rows.size() == t.rows) {
    out.lines = std::move(t.lines);
  } else {
    out.lines.reserve(rows.size());
    for (size_t r : rows) out.lines.push_back(t.lines[r]);
  }
  p.origin = std::move(shape.rows);
  return out;
}

namespace {

// A prediction file's columns the schema reads (its features and target), or
// nullopt after the read error.
std::optional<csv::RawTable> read_prediction_file(const csv::Source& source, const Schema& schema, char sep,
                                                  Diagnostics& diags) {
  const std::vector<std::string> targets = schema.target_names();
  csv::ColumnFilter wanted = [&](const std::string& n) {
    if (std::find(targets.begin(), targets.end(), n) != targets.end()) return true;
    for (const auto& f : schema.features)
      if (f.name == n) return true;
    return false;
  };
  // Class names and levels are matched by their text: those columns' numbers exactly.
  wanted.exact.insert(targets.begin(), targets.end());
  for (const auto& f : schema.features)
    if (f.categorical || f.date) wanted.exact.insert(f.name);
  auto read = csv::read_columns(source, wanted, sep);
  if (!read.table) {
    diags.report(data_diag::read_error(source.path, *read.error));
    return std::nullopt;
  }
  return std::move(read.table);
}

// Every training column present, its cells fit for the model. A header read
// as one column that holds another separator is one error with the `--sep`
// to pass, not one per missing column (csv.h, separator_hint).
bool check_prediction_columns(const std::string& path, const csv::RawTable& t, const Schema& schema,
                              Diagnostics& diags) {
  std::vector<std::string> missing;
  bool ok = true;
  for (const auto& f : schema.features) {
    if (const csv::RawColumn* c = t.find(f.name)) ok = check_prediction_cells(t, *c, f, schema, diags) && ok;
    else missing.push_back(f.name);
  }
  if (missing.empty()) return ok;
  std::string sep = csv::separator_hint(t.header, csv::SeparatorAdvice::CommandLine);
  if (!sep.empty()) {
    diags.report(data_diag::schema_mismatch(
        path, fmt::format("this file lacks {} of the {} columns the model was trained with, such as `{}`",
                          missing.size(), schema.features.size(), missing.front()),
        sep));
    return false;
  }
  for (const auto& name : missing)
    diags.report(data_diag::schema_mismatch(
        path, fmt::format("the model was trained with column `{}`, which this file lacks", name),
        "prediction files need the training columns (by name, in any order)"));
  return false;
}

// The rows' features, encoded as the schema says; one warning per column
// for a level never seen in training.
void encode_prediction_rows(const std::string& path, const csv::RawTable& t, const Schema& schema, Part& p,
                            Diagnostics& diags) {
  Encoder enc(schema, t);
  p.X.resize(static_cast<Eigen::Index>(t.rows), schema.width());
  std::vector<bool> warned(schema.features.size(), false);
  for (size_t r = 0; r < t.rows; ++r)
    enc.row(r, p.X.row(static_cast<Eigen::Index>(r)).data(), [&](size_t j, size_t row) {
      if (warned[j]) return;
      warned[j] = true;
      const csv::RawColumn& c = *enc.columns[j];
      diags.report(data_diag::unseen_level(path, c.name, c.level(row), t.lines[row], 0));
    });
}

// The target, when the file has it (every target, for a model of several),
// for scoring the predictions: rows whose target is missing (any of them) or
// a class the model never saw are left out of `scored` (one warning says how
// many), the others are scored.
void read_prediction_target(const std::string& path, const csv::RawTable& t, const Schema& schema, Table& out,
                            Diagnostics& diags) {
  std::vector<const csv::RawColumn*> targets;
  for (const auto& name : schema.target_names())
    if (const csv::RawColumn* c = t.find(name)) targets.push_back(c);
  if (targets.empty() || targets.size() != schema.target_names().size()) return;
  const bool classify = schema.task == Task::Classification;
  std::vector<LevelLookup> class_of;
  if (classify)
    for (const csv::RawColumn* c : targets) class_of.emplace_back(*c, schema.class_names);
  Matrix Y = Matrix::Zero(static_cast<Eigen::Index>(t.rows), static_cast<Eigen::Index>(targets.size()));
  std::vector<int> labels(classify ? t.rows : 0, -1);
  std::optional<uint32_t> first_unscored;
  for (size_t r = 0; r < t.rows; ++r) {
    bool known = true;
    for (size_t j = 0; j < targets.size() && known; ++j) {
      const csv::RawColumn& target = *targets[j];
      known = !target.is_missing(r);
      if (known && classify) {
        const int label = class_of[j](r);
        known = label >= 0;
        if (known) labels[r] = label;
        if (known) Y(static_cast<Eigen::Index>(r), 0) = static_cast<float>(label);
      } else if (known) {
        known = !target.is_text(r);
        Y(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = static_cast<float>(target.numbers[r]);
      }
    }
    if (known) out.scored.push_back(r);
    else if (!first_unscored) first_unscored = t.lines[r];
  }
  if (first_unscored)
    diags.report(data_diag::unscored_rows(path, schema.target_names(),
                                          t.rows - out.scored.size(), t.rows, *first_unscored));
  out.all.Y = std::move(Y);
  out.all.labels = std::move(labels);
}

}  // namespace

std::optional<Table> load_csv_with_schema(const stdlib::csv::Source& source, const Schema& schema, Diagnostics& diags,
                                          char sep) {
  const std::string& path = source.path;
  auto t = read_prediction_file(source, schema, sep, diags);
  if (!t || !check_prediction_columns(path, *t, schema, diags)) return std::nullopt;
  if (t->rows == 0) {
    diags.report(data_diag::no_data(path, "the file has a header row but no data rows"));
    return std::nullopt;
  }
  if (!check_prediction_range(*t, schema, diags)) return std::nullopt;
  Table out;
  out.schema = schema;
  out.lines = t->lines;
  out.info.task = schema.task;
  out.info.target_name = schema.target;
  out.info.targets = schema.targets;
  out.info.feature_names = schema.feature_names();
  out.info.class_names = schema.class_names;
  encode_prediction_rows(path, *t, schema, out.all, diags);
  read_prediction_target(path, *t, schema, out, diags);
  return out;
}

}  // namespace xp::rt
