#pragma once
// A CSV file as a data set, in one place for the checker (compiler/data_probe)
// and the runtime loader (runtime/data/csv_table): one streaming read into
// compact columns, then the typing rules of stdlib/csv.h applied to choose the
// target, the task, the classes and the features, and the list of problems the
// script's options leave (unknown columns, missing cells without `impute:`, …).
// Both sides call these two functions, so `exp check` and `exp run` cannot
// disagree about a file; each turns the problems into its diagnostics with
// base/data_diags.h. No Eigen and no diagnostics sink here.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "stdlib/csv.h"

namespace xp::stdlib::csv {

// ---- step one: the raw columns ---------------------------------------------------------------

struct CellRef { size_t row; uint32_t line, col; std::string text; };

// A column's numbers are kept as floats — what a model reads, half the
// memory of doubles — and, where a float is not the number as written and
// something needs the exact value, as doubles too (`exact`): a column the
// reader was told needs them (a target, an `onehot` column: their values are
// class names and levels), an integer column (a row counter is told by
// distinct values), and a text column's number cells (levels; read_columns
// reads the file again for such a column, which is rare). The facts the
// checks need (integer, smallest and largest, numbers beyond a float) are
// settled exactly while reading.
struct RawColumn {
  std::string name;
  uint32_t header_col = 0;           // byte column of its name in the header row
  std::vector<float> numbers;        // per row, as a float; NaN when missing or not a number
  std::vector<double> exact;         // per row, the numbers exactly (NaN elsewhere); empty: not kept (see above)
  std::vector<int32_t> text;         // per row: level id of a non-number cell, -1 otherwise; empty if none
  std::vector<std::string> levels;   // id → text (trimmed)
  size_t missing = 0, text_cells = 0, number_cells = 0;
  bool integer = true;               // every number cell is an integer
  bool float_exact = true;           // every number cell is exactly a float: `numbers` are the values
  double lo = std::numeric_limits<double>::infinity();   // the smallest number cell
  double hi = -std::numeric_limits<double>::infinity();  // the largest
  size_t too_large = 0, first_too_large = 0;  // number cells beyond a 32-bit float, and the first's row
  double first_too_large_value = 0;
  std::vector<CellRef> first_missing, first_text;  // up to kKeepLocations each
  static constexpr size_t kKeepLocations = 5;

  size_t values() const { return number_cells + text_cells; }
  bool numeric() const { return is_numeric_column(number_cells, values()); }
  bool is_missing(size_t row) const { return numbers[row] != numbers[row] && (text.empty() || text[row] < 0); }
  bool is_text(size_t row) const { return !text.empty() && text[row] >= 0; }
  // Missing, or (in a numeric column) not a number: either way no value.
  bool no_value(size_t row) const { return is_missing(row) || (numeric() && is_text(row)); }
  // Whether value() gives the numbers as written (else only their floats).
  bool exact_values() const { return float_exact || !exact.empty(); }
  // A number cell's value as written, when exact_values(); NaN when none.
  double value(size_t row) const { return exact.empty() ? static_cast<double>(numbers[row]) : exact[row]; }
  // The level text of a non-missing cell, as level_text() would give it.
  std::string level(size_t row) const;
  // Levels in class order (see csv.h): numerically for a numeric column (its
  // number cells only), by byte order otherwise.
  std::vector<std::string> sorted_levels() const;
};

struct RawTable {
  std::string path;
  struct FileId { uint64_t dev = 0, ino = 0, size = 0; int64_t mtime_ns = 0; bool operator==(const FileId&) const = default; };
  FileId file;                       // what was read (keep_for_next_read matches on it)
  std::vector<std::string> header;   // every column of the file
  std::vector<RawColumn> columns;    // the wanted ones, in header order
  std::vector<uint32_t> lines;       // first line of each data row (for row-level messages)
  size_t rows = 0;
  // By name, in constant time (a file may have 100,000 columns).
  const RawColumn* find(const std::string& name) const;
  std::unordered_map<std::string, size_t> index;  // name → position in `columns`

  // The cells of rows [0, end) will not be read again: the memory behind
  // them (whole pages of each column's per-row arrays) goes back to the
  // system, while the arrays keep their sizes. A loader that encodes the
  // table a block of rows at a time then holds the raw cells and the encoded
  // matrix together for one block, not for the whole file (the raw floats
  // beside the encoded matrix were the peak of loading a large file). Those
  // rows' cells read as zeros afterwards; the columns' facts (levels, counts,
  // lo/hi) and `lines` stay. Rows only ever grow: a smaller `end` does nothing.
  void release_rows_before(size_t end);
  size_t released_rows = 0;
};

// Where a table's bytes come from: the file at `path`, or, when `text` is
// set, that text (the REPL's typed row, encoded by the same rules as a
// file), named `path` in messages. A path converts to a Source.
struct Source {
  std::string path;
  std::optional<std::string> text;
  Source(std::string file) : path(std::move(file)) {}  // NOLINT: a path is a source
  Source(const char* file) : path(file) {}              // NOLINT
  static Source in_memory(std::string name, std::string csv_text) {
    Source s(std::move(name));
    s.text = std::move(csv_text);
    return s;
  }
};

// Reads `path` once, fields separated by `sep`. `wanted(name)` says which
// columns to keep (all when empty). Fails with an Error whose kind says which diagnostic it is: a file
// that cannot be opened or is not a regular file, a malformed record
// (including bytes that are not UTF-8), a ragged row, an empty file, or a
// header naming a column twice or not at all. When the header reads as one
// column that holds another separator, the error's help says so.
// Which columns to keep (`keep`; all when it is empty), and which of them
// need their numbers exactly (RawColumn): those named in `exact`, and the
// file's last column when `exact_last` (the default target).
struct ColumnFilter {
  std::function<bool(const std::string&)> keep;
  std::set<std::string> exact;
  bool exact_last = false;
  ColumnFilter() = default;
  template <class F>
    requires(!std::is_same_v<std::decay_t<F>, ColumnFilter> && std::is_invocable_r_v<bool, F, const std::string&>)
  ColumnFilter(F f) : keep(std::move(f)) {}  // NOLINT: a predicate alone is a filter
  bool operator()(const std::string& name) const { return !keep || keep(name); }
  bool needs_exact(const std::string& name, bool last) const { return exact.count(name) > 0 || (last && exact_last); }
};
struct ReadResult {
  std::optional<RawTable> table;
  std::optional<Error> error;
};
ReadResult read_columns(const Source& source, const ColumnFilter& wanted, char sep = ',');

// Reading a file once per run: `exp run` checks the script first, and the
// checker's look at a CSV file (compiler/data_probe) reads every cell the
// loader then needs. With reuse on, the checker hands its table to
// keep_for_next_read, and the loader's read_columns of the same file — same
// path, separator and kept columns, same size, inode and modification time —
// takes it instead of reading again (the file is still opened for its
// header). One table is kept at a time, and taking it empties the keep.
// Off by default: `exp check` and the editor server have no later read.
void reuse_reads(bool on);
void keep_for_next_read(RawTable&& table, char sep);

// The cells of one column as written (trimmed of nothing: an id `007` stays
// `007`), one per data row, for carrying an id column beside predictions.
// `found` is false when the header has no such column.
struct ColumnText {
  std::vector<std::string> header, cells;
  bool found = false;
  std::optional<Error> error;
};
ColumnText read_column_text(const Source& source, const std::string& column, char sep = ',');

// ---- step two: typing, target, task, features ------------------------------------------------

enum class Task { Classification, Regression };
enum class Impute { None, Mean, Median, Drop };  // `impute:`

struct TableOptions {
  char sep = ',';                        // the field separator (`sep:`; csv.h's kSeparators)
  std::string target;                    // "" = the last column; several targets: the first
  // `target: ["a", "b"]`: several numeric targets, each a regression output
  // (docs/data.md, "Several targets"); empty: `target` alone.
  std::vector<std::string> targets;
  std::vector<std::string> columns;      // features to keep; empty = every column but the target
  std::vector<std::string> drop;         // columns left out of the features (`drop:`)
  std::optional<Task> task;              // overrides the inferred task
  Impute impute = Impute::None;
  std::vector<std::string> categorical;  // numeric columns to one-hot anyway (`onehot DATA.col`)
  // `text: "col"`: the features are token ids made from that column, read
  // apart (runtime/data/tokens.h); no column of the table is a feature.
  bool text_only = false;
  static constexpr size_t kMaxLevels = 1000;  // per categorical column, and classes per target
  // Column warnings (docs/data.md): a unique-per-row column is flagged from
  // this many rows on; a text column is "high-cardinality" from this many
  // levels, or from kFewLevels levels when they are more than a fifth of the rows.
  static constexpr size_t kIdLikeMinRows = 20;
  static constexpr size_t kManyLevels = 100;
  static constexpr size_t kFewLevels = 10;
};

// The columns `options` keeps (the target and the `columns:` list), for read_columns.
ColumnFilter wanted_columns(const TableOptions& options);

struct FeatureColumn {
  std::string name;
  bool numeric = true;                 // its cells are numbers (by the column rule)
  bool categorical = false;            // one-hot encoded: text, or named by `onehot`
  bool date = false;                   // every value an ISO 8601 date: iso_date.h's kDateParts features
  std::vector<std::string> levels;     // categorical: sorted levels
  int64_t width() const;
};

struct TableShape {
  std::string target;                  // the first target
  std::vector<std::string> targets;    // every target, in `target:` order (one or more)
  bool target_numeric = true;
  Task task = Task::Classification;
  std::vector<std::string> classes;    // classification: sorted class names
  std::vector<FeatureColumn> features; // in file order (or `columns:` order)
  std::vector<size_t> rows;            // rows kept: without a missing target, and (drop) any missing cell
  int64_t width() const;               // encoded features
};

// Something the options leave wrong or doubtful about the file. `column` names
// the column it is about ("" for the file); `cells` are the first few places.
struct Problem {
  enum class Kind {
    UnknownColumn,        // `column` (the target, a `columns:` entry or an `onehot` column) is not in the header
    TargetAsFeature,      // `column` is the target and listed in `columns:`
    TextRegressionTarget, // task: regression on a text column
    TextTargetInList,     // `column`, one of several targets, holds text (several targets are numbers)
    ClassifyingTargets,   // task: classification with several targets (`column`: the first)
    TooManyClasses,       // `count` distinct target values
    TooFewClasses,        // fewer than two classes
    NoFeatures,           // no column is left to be a feature (`column`: the target)
    DroppedTarget,        // `column` is the target and listed in `drop:`
    TooManyLevels,        // `count` distinct text values in a categorical feature
    MissingValues,        // `count` missing cells, no `impute:` (error)
    MalformedNumbers,     // `count` text cells in a numeric column, no `impute:` (error)
    MalformedAsMissing,   // the same with `impute:` (warning: treated as missing)
    TooLarge,             // `count` numbers in a numeric column beyond a 32-bit float (the first in `cells`)
    NoRows,               // a header row but no data rows
    NoRowsLeft,           // every row dropped for missing values
    // Warnings given at `exp check` (the probe) only, about feature columns:
    IdLike,               // `count` rows, each with its own value (text, or an integer row counter)
    HighCardinality,      // `count` distinct text values, one-hot encoded into as many features
    Constant,             // a single value (`cells[0].text`) in every one of `count` cells
  };
  Kind kind;
  std::string column;
  size_t count = 0;
  std::vector<CellRef> cells;
  bool error() const { return kind != Kind::MalformedAsMissing && !at_check(); }
  // The warnings about feature columns `exp check` gives (the loader does
  // not repeat them at run time).
  bool at_check() const { return kind == Kind::IdLike || kind == Kind::HighCardinality || kind == Kind::Constant; }
};

struct Analysis {
  std::optional<TableShape> shape;     // nullopt when a problem is an error
  std::vector<Problem> problems;
};
Analysis analyse(const RawTable& table, const TableOptions& options);

// ---- the data sets shipped in stdlib/data ----------------------------------------------------

struct ShippedDataset {
  std::string_view name, target;
  Task task;
};
std::span<const ShippedDataset> shipped();
const ShippedDataset* find_shipped(std::string_view name);
std::string shipped_path(std::string_view name);  // <stdlib data_dir>/data/<name>.csv

}  // namespace xp::stdlib::csv
