#include "base/data_diags.h"

#include <fmt/format.h>

#include "base/diag_builders.h"
#include "base/plural.h"
#include "base/suggest.h"

namespace xp::diag::data {

namespace csv = stdlib::csv;

namespace {
Diagnostic in_file(std::string code, std::string message, const std::string& path, uint32_t line, uint32_t col,
                   std::string help = "", Severity severity = Severity::Error) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.help = std::move(help);
  d.at = FileLocation{path, line, col};
  return d;
}

Diagnostic in_script(std::string code, std::string message, Span span, std::string help) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.span = span;
  d.help = std::move(help);
  return d;
}

// "also at 5:3, 9:3 and 12 more": the cells after the first, for a diagnostic
// that stands for all of them.
std::string other_places(size_t count, const std::vector<csv::CellRef>& first) {
  if (count <= 1 || first.size() <= 1) return "";
  std::string out = "also at ";
  for (size_t i = 1; i < first.size(); ++i)
    out += fmt::format("{}{}:{}", i == 1 ? "" : ", ", first[i].line, first[i].col);
  if (count > first.size()) out += fmt::format(" and {} more", count - first.size());
  return out;
}

// At most this many header names in a help text (a file may have 100,000).
constexpr size_t kListedColumns = 20;

std::string column_list(const std::vector<std::string>& columns) {
  std::vector<std::string> shown;
  for (size_t i = 0; i < columns.size() && i < kListedColumns; ++i) shown.push_back("`" + columns[i] + "`");
  std::string out = known_list(shown);
  if (columns.size() > kListedColumns) out += fmt::format(" and {} more", columns.size() - kListedColumns);
  return out;
}
}  // namespace

Diagnostic unreadable(const std::string& path, const std::string& why, Span path_span) {
  const char* help = why.find("not a regular file") != std::string::npos
                         ? "point at a regular CSV file: copy data from a pipe or a device into a file first"
                         : "check the path; relative paths are resolved against the script's folder";
  if (path_span.valid()) {
    Diagnostic d = in_script("E0801", why, path_span, help);
    if (why.find(path) == std::string::npos) d.notes.push_back(fmt::format("the path resolves to `{}`", path));
    return d;
  }
  return in_file("E0801", why, path, 0, 0, help);
}

Diagnostic read_error(const std::string& path, const csv::Error& e, Span path_span) {
  switch (e.kind) {
    case csv::Error::Kind::Unreadable: return unreadable(path, e.message, path_span);
    case csv::Error::Kind::Malformed: return malformed_csv(path, e);
    case csv::Error::Kind::Ragged: return ragged_row(path, e);
    case csv::Error::Kind::NoData: return no_data(path, e.message);
    case csv::Error::Kind::BadHeader:
      return in_file("E0811", e.message, path, e.line, e.col,
                     "give every column its own name: a name is how `target:`, `columns:` and `exp predict` find it");
  }
  return malformed_csv(path, e);
}

Diagnostic malformed_csv(const std::string& path, const csv::Error& e) {
  bool utf8 = e.message.find("UTF-8") != std::string::npos;
  return in_file("E0802", e.message, path, e.line, e.col,
                 utf8 ? "save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)"
                      : "close every quoted field with `\"`, and write a quote inside a quoted field as `\"\"`");
}

Diagnostic ragged_row(const std::string& path, const csv::Error& e) {
  return in_file("E0803", e.message, path, e.line, e.col,
                 !e.help.empty() ? e.help : "every row needs one field per header column; quote fields that contain commas");
}

Diagnostic no_data(const std::string& path, const std::string& what) {
  return in_file("E0804", what, path, 1, 0);
}

Diagnostic missing_values(const std::string& path, const std::string& column, size_t count,
                          const std::vector<csv::CellRef>& first, bool predicting) {
  auto at = first.empty() ? csv::CellRef{0, 1, 0, ""} : first.front();
  std::string message = count == 1 ? fmt::format("missing value in column `{}`", column)
                                   : fmt::format("{} missing values in column `{}`", count, column);
  Diagnostic d = in_file("E0805", std::move(message), path, at.line, at.col,
                         predicting ? "fill it in: the model was trained without `impute:`, so it has no value "
                                      "to put in its place"
                                    : "fill it in, or add `impute: mean`, `impute: median` or `impute: drop` "
                                      "to the data source");
  if (auto more = other_places(count, first); !more.empty()) d.notes.push_back(std::move(more));
  return d;
}

Diagnostic malformed_numbers(const std::string& path, const std::string& column, size_t count,
                             const std::vector<csv::CellRef>& first, bool predicting) {
  auto at = first.empty() ? csv::CellRef{0, 1, 0, ""} : first.front();
  std::string message = fmt::format("`{}` is not a number, but column `{}` holds numbers", at.text, column);
  if (count > 1) message += fmt::format(" ({} such values)", count);
  Diagnostic d = in_file("E0806", std::move(message), path, at.line, at.col,
                         predicting ? "fix the value: the model was trained without `impute:`"
                                    : "fix the value, or add an `impute:` option to treat it as missing");
  if (auto more = other_places(count, first); !more.empty()) d.notes.push_back(std::move(more));
  return d;
}

Diagnostic malformed_dates(const std::string& path, const std::string& column, size_t count, const std::string& first,
                           uint32_t line, bool treated_as_missing) {
  std::string message = fmt::format("`{}` is not an ISO 8601 date (YYYY-MM-DD), but column `{}` holds dates", first, column);
  if (count > 1) message += fmt::format(" ({} such values)", count);
  if (treated_as_missing) {
    message += ": treated as missing";
    return in_file("W0802", std::move(message), path, line, 0, "", Severity::Warning);
  }
  return in_file("E0806", std::move(message), path, line, 0,
                 "fix the value: the model was trained without `impute:`, so it has no date to put in its place");
}

Diagnostic unknown_column(const std::string& path, const std::string& column, Span span,
                          const std::vector<std::string>& columns) {
  std::string help = did_you_mean(closest(column, columns));
  if (std::string sep = csv::separator_hint(columns); !sep.empty())
    help = sep;
  else if (!columns.empty())
    help += (help.empty() ? "" : " ") + fmt::format("the columns are {}", column_list(columns));
  else
    help = "column names are taken from the file's header row and are case-sensitive";
  Diagnostic d = in_script("E0807", fmt::format("no column named `{}` in `{}`", column, path), span, help);
  if (!span.valid()) d.at = FileLocation{path, 1, 0};
  return d;
}

Diagnostic bad_option(const std::string& message, Span span, const std::string& help) {
  return in_script("E0808", message, span, help);
}

Diagnostic text_vocab_without_words(int64_t vocab, Span span) {
  return bad_option(fmt::format("`vocab: {}` leaves no id for a word: ids 0 and 1 are the padding and an unknown word", vocab),
                    span, fmt::format("give `vocab:` at least {}", kFirstTextWordId + 1));
}

Diagnostic tokens_and_text(Span span) {
  return bad_option("`tokens:` and `text:` both say what the ids are; give one", span,
                    "`tokens: true` reads integer columns, `text:` splits a text column into words");
}

Diagnostic scaling_conflict(const std::string& op, const std::string& earlier, Span span) {
  return bad_option(fmt::format("`{}` conflicts with `{}` on the same data", op, earlier), span, "choose one scaling");
}

Diagnostic onehot_without_columns(Span span) {
  return bad_option("`onehot` applies to columns of a CSV file or data set", span,
                    "a generator's features are numbers already: remove the `onehot` line");
}

Diagnostic shape_mismatch(const std::vector<int64_t>& shape, int64_t product, const std::string& data,
                          int64_t features, Span span) {
  std::string sizes;
  for (size_t i = 0; i < shape.size(); ++i) sizes += (i ? " × " : "") + std::to_string(shape[i]);
  auto d = in_script("E0808",
                     fmt::format("`shape:` {} holds {} per example, but `{}` has {}", sizes,
                                 count_of(product, "value", "values"), data, count_of(features, "feature", "features")),
                     span, "the product of the sizes must equal the number of features (after one-hot encoding)");
  d.label = fmt::format("{} values", product);
  return d;
}

Diagnostic transformed_token_ids(const std::string& op, Span span) {
  return in_script("E0808", fmt::format("`{}` would change token ids, which index an embedding's table", op), span,
                   "leave token data as it is: an embedding reads the ids");
}

Diagnostic bad_split(const std::string& message, Span span, const std::string& help) {
  return in_script("E0809", message, span, help);
}

Diagnostic empty_part(const std::string& message, Span span, const std::string& part) {
  Diagnostic d = in_script("W0804", message, span,
                           fmt::format("nothing reads it now; write `{}: 0` if no {} part is meant", part, part));
  d.severity = Severity::Warning;
  return d;
}

Diagnostic tiny_part(const std::string& message, Span span, const std::string& part) {
  Diagnostic d = in_script("W0808", message, span,
                           fmt::format("use more data or a larger `{}:` fraction", part));
  d.severity = Severity::Warning;
  return d;
}

Diagnostic schema_mismatch(const std::string& path, const std::string& message, const std::string& help) {
  return in_file("E0810", message, path, 1, 0, help);
}

Diagnostic unseen_level(const std::string& path, const std::string& column, const std::string& level,
                        uint32_t line, uint32_t col) {
  return in_file("W0801",
                 fmt::format("value `{}` of column `{}` was never seen in training; it is encoded as all zeros",
                             level, column),
                 path, line, col, "", Severity::Warning);
}

Diagnostic unscored_rows(const std::string& path, const std::vector<std::string>& targets, size_t count, size_t rows,
                         uint32_t first_line) {
  return in_file("W0803",
                 fmt::format("{} of {} have a missing or unknown value in the target column{} `{}`; the scores "
                             "leave them out",
                             count, count_of(static_cast<long long>(rows), "row", "rows"), targets.size() == 1 ? "" : "s",
                             fmt::join(targets, "`, `")),
                 path, first_line, 0, "", Severity::Warning);
}

Diagnostic float_overflow(const std::string& path, const std::string& column, const std::string& value, uint32_t line,
                          size_t count, bool scaled) {
  std::string message =
      scaled ? fmt::format("`{}` in column `{}` becomes infinite once scaled as the model's training data was", value, column)
             : fmt::format("`{}` in column `{}` is too large: models compute in 32-bit floats, which end at ±3.4e38",
                           value, column);
  if (count > 1) message += fmt::format(" ({} such values)", count);
  return in_file("E0812", std::move(message), path, line, 0,
                 scaled ? "the model never saw values of this size; check the value, or train on data that has them"
                        : "fix the value, or give the column in other units");
}

namespace {
// W0805–W0807: a feature column that is better left out, with the `drop:` that does so.
Diagnostic column_warning(const char* code, std::string message, Span at, const std::string& column) {
  Diagnostic d = in_script(code, std::move(message), at, fmt::format("leave it out with `drop: [\"{}\"]`", column));
  d.severity = Severity::Warning;
  return d;
}
}  // namespace

Diagnostic problem(const std::string& path, const csv::Problem& p, const SourceSpans& at,
                   const std::vector<std::string>& header) {
  using K = csv::Problem::Kind;
  Span column = p.column.empty() || !at.column ? at.whole : at.column(p.column);
  switch (p.kind) {
    case K::UnknownColumn: return unknown_column(path, p.column, column, header);
    case K::TargetAsFeature:
      return bad_option(fmt::format("column `{}` is the target; it cannot also be a feature", p.column), column,
                        "remove it from `columns:`");
    case K::TextRegressionTarget:
      return bad_option(fmt::format("regression needs a numeric target, but column `{}` holds text", p.column),
                        at.target, "choose a numeric target column, or use `task: classification`");
    case K::TextTargetInList:
      return bad_option(fmt::format("column `{}` holds text, but each of several targets is a number to predict "
                                    "(a regression output)", p.column),
                        column, fmt::format("predict `{}` on its own with `target: \"{}\"` (a classification), or "
                                            "list only numeric columns in `target:`", p.column, p.column));
    case K::ClassifyingTargets:
      return bad_option(fmt::format("`task: classification` with {} targets: several targets are regression outputs",
                                    p.count),
                        at.target, "classify one target at a time (`target: \"col\"`), or leave out `task:`");
    case K::TooManyClasses:
      return bad_option(fmt::format("column `{}` has {} distinct values, too many classes", p.column, p.count),
                        at.target, "a real-valued target needs `task: regression`");
    case K::TooFewClasses:
      return no_data(path, fmt::format("the target column `{}` has fewer than two classes", p.column));
    case K::NoFeatures: {
      Diagnostic d = no_data(path, fmt::format("no feature columns: `{}` is the target and no other column is left", p.column));
      std::string sep = csv::separator_hint(header);
      d.help = !sep.empty() ? sep : "a data set needs at least one input column besides the target";
      return d;
    }
    case K::TooManyLevels:
      return bad_option(
          fmt::format("column `{}` has {} distinct text values, too many to one-hot encode", p.column, p.count),
          column, "leave it out with `columns: [...]` (it may be an identifier)");
    case K::MissingValues: return missing_values(path, p.column, p.count, p.cells);
    case K::MalformedNumbers: return malformed_numbers(path, p.column, p.count, p.cells);
    case K::TooLarge: return float_overflow(path, p.column, p.cells.front().text, p.cells.front().line, p.count, false);
    case K::MalformedAsMissing: {
      const auto& cell = p.cells.front();
      Diagnostic d = in_file("W0802",
                             fmt::format("`{}` is not a number, but column `{}` holds numbers (treated as missing{})",
                                         cell.text, p.column,
                                         p.count > 1 ? fmt::format(", with {} others", p.count - 1) : ""),
                             path, cell.line, cell.col, "", Severity::Warning);
      return d;
    }
    case K::DroppedTarget:
      return bad_option(fmt::format("column `{}` is the target; `drop:` leaves out input columns", p.column), column,
                        "remove it from `drop:`, or choose another `target:`");
    case K::IdLike:
      return column_warning("W0805",
                            fmt::format("column `{}` has a different value in each of its {} rows: an identifier, which "
                                        "carries no signal (a model can only memorise it)",
                                        p.column, p.count),
                            column, p.column);
    case K::HighCardinality:
      return column_warning("W0806",
                            fmt::format("text column `{}` has {} distinct values, one-hot encoded into as many features "
                                        "(few rows each, easy to overfit)",
                                        p.column, p.count),
                            column, p.column);
    case K::Constant:
      return column_warning("W0807",
                            fmt::format("column `{}` holds the same value (`{}`) in all {} of its cells: it cannot "
                                        "help the model",
                                        p.column, p.cells.empty() ? "" : p.cells.front().text, p.count),
                            column, p.column);
    case K::NoRows: return no_data(path, "the file has a header row but no data rows");
    case K::NoRowsLeft: return no_data(path, "no rows are left after dropping rows with missing values");
  }
  return no_data(path, "unreadable data");
}

}  // namespace xp::diag::data
