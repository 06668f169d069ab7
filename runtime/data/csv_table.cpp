#include "runtime/data/csv_table.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/data/csv_columns.h"
#include "runtime/data/data_errors.h"
#include "stdlib/csv.h"

namespace xp::rt {

namespace csv = stdlib::csv;

namespace {

bool is_numeric(const RawColumn& c) { return csv::is_numeric_column(c.number_cells, c.values()); }

// The level text of a non-missing cell, as csv::level_text would give it.
std::string level_of(const RawColumn& c, size_t row) {
  if (c.is_text(row)) return c.levels[static_cast<size_t>(c.text[row])];
  return csv::canonical_number(c.numbers[row]);
}

// Sorted levels: numerically for a numeric column (its number cells only),
// by byte order otherwise.
std::vector<std::string> sorted_levels(const RawColumn& c, bool numeric) {
  if (numeric) {
    std::set<double> numbers;
    for (double v : c.numbers)
      if (!std::isnan(v)) numbers.insert(v);
    std::vector<std::string> out;
    for (double v : numbers) out.push_back(csv::canonical_number(v));
    return out;
  }
  std::set<std::string> levels(c.levels.begin(), c.levels.end());
  for (size_t r = 0; r < c.numbers.size(); ++r)
    if (!std::isnan(c.numbers[r])) levels.insert(csv::canonical_number(c.numbers[r]));
  return {levels.begin(), levels.end()};
}

// Whether the column's number cells take at most `limit` distinct values
// (stops counting as soon as they do not).
bool few_distinct_numbers(const RawColumn& c, size_t limit) {
  std::set<double> seen;
  for (double v : c.numbers)
    if (!std::isnan(v) && seen.insert(v).second && seen.size() > limit) return false;
  return true;
}

// Reports missing cells and (in numeric columns) malformed numbers that the
// chosen imputation does not allow. Returns false if it reported an error.
bool check_cells(const RawTable& t, const RawColumn& c, bool numeric, bool allow_missing, Diagnostics& diags) {
  bool ok = true;
  if (c.missing > 0 && !allow_missing) {
    ok = false;
    for (const auto& cell : c.first_missing) {
      auto& d = diags.report(data_diag::missing_value(t.path, c.name, cell.line, cell.col));
      if (&cell == &c.first_missing.back() && c.missing > c.first_missing.size())
        d.notes.push_back(fmt::format("{} more missing values in column `{}`", c.missing - c.first_missing.size(), c.name));
    }
  }
  if (numeric && c.text_cells > 0) {
    if (!allow_missing) {
      ok = false;
      for (const auto& cell : c.first_text) {
        auto& d = diags.report(data_diag::malformed_number(t.path, c.name, cell.text, cell.line, cell.col));
        if (&cell == &c.first_text.back() && c.text_cells > c.first_text.size())
          d.notes.push_back(fmt::format("{} more values that are not numbers in column `{}`",
                                        c.text_cells - c.first_text.size(), c.name));
      }
    } else {
      const auto& cell = c.first_text.front();
      Diagnostic d = data_diag::malformed_number(t.path, c.name, cell.text, cell.line, cell.col);
      d.severity = Severity::Warning;
      d.code = "W0802";
      d.message += fmt::format(" (treated as missing{})",
                               c.text_cells > 1 ? fmt::format(", with {} others", c.text_cells - 1) : "");
      d.help.clear();
      diags.report(std::move(d));
    }
  }
  return ok;
}

bool cell_missing(const RawColumn& c, bool numeric, size_t row) {
  return c.is_missing(row) || (numeric && c.is_text(row));
}

// Fills one row of X from the raw columns as the schema says. Numeric cells
// that are missing get the column's fill (NaN when none yet); categorical cells
// whose level is unknown are all zeros and reported through `unseen`.
struct Encoder {
  const Schema& schema;
  std::vector<const RawColumn*> columns;                    // per schema feature
  std::vector<std::unordered_map<std::string, int>> level_index;  // per categorical feature

  Encoder(const Schema& s, const RawTable& t) : schema(s) {
    for (const auto& f : s.features) {
      columns.push_back(t.find(f.name));
      std::unordered_map<std::string, int> idx;
      for (size_t i = 0; i < f.levels.size(); ++i) idx.emplace(f.levels[i], static_cast<int>(i));
      level_index.push_back(std::move(idx));
    }
  }

  template <class OnUnseen>
  void row(size_t r, float* out, OnUnseen&& unseen) const {
    int at = 0;
    for (size_t j = 0; j < schema.features.size(); ++j) {
      const SchemaColumn& f = schema.features[j];
      const RawColumn& c = *columns[j];
      if (!f.categorical) {
        double v = c.numbers[r];
        out[at++] = static_cast<float>(std::isnan(v) ? f.fill : v);
        continue;
      }
      std::fill(out + at, out + at + f.width(), 0.0f);
      if (!c.is_missing(r)) {
        auto it = level_index[j].find(level_of(c, r));
        if (it != level_index[j].end())
          out[at + it->second] = 1.0f;
        else
          unseen(j, r);
      }
      at += f.width();
    }
  }
};

// Resolves the feature columns: the `columns:` list, or every column but the target.
bool choose_features(const RawTable& t, const CsvOptions& o, const std::string& target,
                     std::vector<std::string>& features, Diagnostics& diags) {
  if (o.columns.empty()) {
    for (const auto& c : t.columns)
      if (c.name != target) features.push_back(c.name);
    return true;
  }
  bool ok = true;
  for (const auto& name : o.columns) {
    if (!t.find(name)) {
      diags.report(data_diag::unknown_column(t.path, name, o.span_of_column(name)));
      ok = false;
    } else if (name == target) {
      diags.report(data_diag::bad_option(fmt::format("column `{}` is the target; it cannot also be a feature", name),
                                         o.span_of_column(name), "remove it from `columns:`"));
      ok = false;
    } else {
      features.push_back(name);
    }
  }
  return ok;
}

}  // namespace

std::optional<Table> load_csv(const std::string& path, const CsvOptions& o, Diagnostics& diags) {
  ColumnFilter wanted;
  if (!o.columns.empty() && !o.target.empty())
    wanted = [&](const std::string& n) {
      return n == o.target || std::find(o.columns.begin(), o.columns.end(), n) != o.columns.end();
    };
  auto raw = read_raw_columns(path, wanted, diags);
  if (!raw) return std::nullopt;
  const RawTable& t = *raw;
  if (t.rows == 0) {
    diags.report(data_diag::no_data(path, "the file has a header row but no data rows"));
    return std::nullopt;
  }
  std::string target_name = o.target.empty() ? t.header.back() : o.target;
  const RawColumn* target = t.find(target_name);
  if (!target) {
    diags.report(data_diag::unknown_column(path, target_name, o.target_span));
    return std::nullopt;
  }
  std::vector<std::string> feature_names;
  if (!choose_features(t, o, target_name, feature_names, diags)) return std::nullopt;
  for (const auto& name : o.categorical)
    if (!t.find(name)) {
      diags.report(data_diag::unknown_column(path, name, o.span_of_column(name)));
      return std::nullopt;
    }

  // The target: type, task, classes.
  bool target_numeric = is_numeric(*target);
  Task task = !target_numeric || (target->integer && few_distinct_numbers(*target, csv::kMaxIntegerClasses))
                  ? Task::Classification
                  : Task::Regression;
  if (o.task) task = *o.task;
  // Class names only for classification: a real-valued target may have a
  // distinct value per row, and those need no strings.
  std::vector<std::string> target_levels;
  if (task == Task::Classification) target_levels = sorted_levels(*target, target_numeric);
  if (task == Task::Regression && !target_numeric) {
    diags.report(data_diag::bad_option(
        fmt::format("regression needs a numeric target, but column `{}` holds text", target_name), o.target_span,
        "choose a numeric target column, or use `task: classification`"));
    return std::nullopt;
  }
  if (task == Task::Classification && target_levels.size() > CsvOptions::kMaxLevels) {
    diags.report(data_diag::bad_option(
        fmt::format("column `{}` has {} distinct values, too many classes", target_name, target_levels.size()),
        o.target_span, "a real-valued target needs `task: regression`"));
    return std::nullopt;
  }
  if (task == Task::Classification && target_levels.size() < 2) {
    diags.report(data_diag::no_data(path, fmt::format("the target column `{}` has fewer than two classes", target_name)));
    return std::nullopt;
  }

  // Bad cells: report what the imputation does not allow.
  bool allow_missing = o.impute != Impute::None;
  bool ok = true;
  Schema schema;
  schema.target = target_name;
  schema.task = task;
  schema.impute = o.impute;
  std::vector<const RawColumn*> feature_cols;
  std::vector<bool> feature_numeric;
  for (const auto& name : feature_names) {
    const RawColumn* c = t.find(name);
    bool forced = std::find(o.categorical.begin(), o.categorical.end(), name) != o.categorical.end();
    bool numeric = is_numeric(*c);
    ok = check_cells(t, *c, numeric, allow_missing, diags) && ok;
    SchemaColumn col;
    col.name = name;
    col.categorical = forced || !numeric;
    if (col.categorical) {
      col.levels = sorted_levels(*c, numeric);
      if (col.levels.size() > CsvOptions::kMaxLevels) {
        diags.report(data_diag::bad_option(
            fmt::format("column `{}` has {} distinct text values, too many to one-hot encode", name, col.levels.size()),
            o.span_of_column(name), "leave it out with `columns: [...]` (it may be an identifier)"));
        ok = false;
      }
    }
    schema.features.push_back(std::move(col));
    feature_cols.push_back(c);
    feature_numeric.push_back(numeric);
  }
  ok = check_cells(t, *target, target_numeric, allow_missing, diags) && ok;
  if (!ok) return std::nullopt;

  // Rows kept: all, minus those with a missing target (any imputation) or any
  // missing cell (impute: drop).
  std::vector<size_t> rows;
  rows.reserve(t.rows);
  for (size_t r = 0; r < t.rows; ++r) {
    bool drop = cell_missing(*target, target_numeric, r);
    if (o.impute == Impute::Drop)
      for (size_t j = 0; j < feature_cols.size() && !drop; ++j)
        drop = cell_missing(*feature_cols[j], feature_numeric[j], r);
    if (!drop) rows.push_back(r);
  }
  if (rows.empty()) {
    diags.report(data_diag::no_data(path, "no rows are left after dropping rows with missing values"));
    return std::nullopt;
  }

  Table out;
  if (task == Task::Classification) schema.class_names = target_levels;
  out.schema = std::move(schema);
  const Schema& s = out.schema;
  out.info.task = task;
  out.info.target_name = target_name;
  out.info.feature_names = s.feature_names();
  out.info.class_names = s.class_names;

  Encoder enc(s, t);
  Part& p = out.all;
  p.X.resize(static_cast<Eigen::Index>(rows.size()), s.width());
  p.Y.resize(static_cast<Eigen::Index>(rows.size()), 1);
  std::unordered_map<std::string, int> class_index;
  for (size_t i = 0; i < s.class_names.size(); ++i) class_index.emplace(s.class_names[i], static_cast<int>(i));
  for (size_t i = 0; i < rows.size(); ++i) {
    size_t r = rows[i];
    enc.row(r, p.X.row(static_cast<Eigen::Index>(i)).data(), [](size_t, size_t) {});
    if (task == Task::Classification) {
      int label = class_index.at(level_of(*target, r));
      p.labels.push_back(label);
      p.Y(static_cast<Eigen::Index>(i), 0) = static_cast<float>(label);
    } else {
      p.Y(static_cast<Eigen::Index>(i), 0) = static_cast<float>(target->numbers[r]);
    }
  }
  return out;
}

std::optional<Table> load_csv_with_schema(const std::string& path, const Schema& schema, Diagnostics& diags) {
  auto wanted = [&](const std::string& n) {
    if (n == schema.target) return true;
    for (const auto& f : schema.features)
      if (f.name == n) return true;
    return false;
  };
  auto raw = read_raw_columns(path, wanted, diags);
  if (!raw) return std::nullopt;
  const RawTable& t = *raw;
  bool ok = true;
  for (const auto& f : schema.features) {
    const RawColumn* c = t.find(f.name);
    if (!c) {
      diags.report(data_diag::schema_mismatch(
          path, fmt::format("the model was trained with column `{}`, which this file lacks", f.name),
          "prediction files need the training columns (by name, in any order)"));
      ok = false;
      continue;
    }
    bool allow_missing = f.categorical ? schema.impute != Impute::None : !std::isnan(f.fill);
    ok = check_cells(t, *c, !f.categorical, allow_missing, diags) && ok;
  }
  if (!ok) return std::nullopt;
  if (t.rows == 0) {
    diags.report(data_diag::no_data(path, "the file has a header row but no data rows"));
    return std::nullopt;
  }

  Table out;
  out.schema = schema;
  out.info.task = schema.task;
  out.info.target_name = schema.target;
  out.info.feature_names = schema.feature_names();
  out.info.class_names = schema.class_names;
  Encoder enc(schema, t);
  Part& p = out.all;
  p.X.resize(static_cast<Eigen::Index>(t.rows), schema.width());
  std::vector<bool> warned(schema.features.size(), false);
  for (size_t r = 0; r < t.rows; ++r)
    enc.row(r, p.X.row(static_cast<Eigen::Index>(r)).data(), [&](size_t j, size_t row) {
      if (warned[j]) return;
      warned[j] = true;
      const RawColumn& c = *enc.columns[j];
      diags.report(data_diag::unseen_level(path, c.name, level_of(c, row), t.lines[row], 0));
    });

  // The target, when present and fully known, for scoring the predictions.
  const RawColumn* target = t.find(schema.target);
  if (!target) return out;
  std::unordered_map<std::string, int> class_index;
  for (size_t i = 0; i < schema.class_names.size(); ++i) class_index.emplace(schema.class_names[i], static_cast<int>(i));
  Matrix Y(static_cast<Eigen::Index>(t.rows), 1);
  std::vector<int> labels;
  for (size_t r = 0; r < t.rows; ++r) {
    bool known = !target->is_missing(r);
    if (known && schema.task == Task::Classification) {
      auto it = class_index.find(level_of(*target, r));
      known = it != class_index.end();
      if (known) {
        labels.push_back(it->second);
        Y(static_cast<Eigen::Index>(r), 0) = static_cast<float>(it->second);
      }
    } else if (known) {
      known = !target->is_text(r);
      Y(static_cast<Eigen::Index>(r), 0) = static_cast<float>(target->numbers[r]);
    }
    if (!known) {
      Diagnostic d = data_diag::schema_mismatch(
          path, fmt::format("the target column `{}` has a missing or unknown value; predictions are not scored",
                            schema.target));
      d.severity = Severity::Warning;
      d.code = "W0803";
      d.at->line = t.lines[r];
      diags.report(std::move(d));
      return out;
    }
  }
  p.Y = std::move(Y);
  p.labels = std::move(labels);
  return out;
}

}  // namespace xp::rt
