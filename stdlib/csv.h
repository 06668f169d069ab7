#pragma once
// A streaming RFC 4180 CSV reader, shared by the checker (which peeks at a data
// file's header and target column at check time) and the runtime loader. No
// Eigen and no diagnostics sink here: errors come back as plain data with a
// line and column, and each caller turns them into its own diagnostics.
//
// Accepted input: an optional UTF-8 byte-order mark; records ended by LF, CRLF
// or a lone CR; fields separated by commas (or the separator given: `sep:`
// ";", tab or "|"); a field in double quotes may hold
// commas, line breaks and doubled quotes (""). Blank lines are skipped. A quote
// inside an unquoted field is kept as a literal character (5" pipe), as most
// spreadsheet exports expect. Rejected: text after a closing quote, a quote
// never closed, bytes that are not UTF-8 (every name and label ends up in JSON
// reports and model files, which must be UTF-8), fields or rows beyond the
// caps below (hostile input), and files that are not regular files (a FIFO
// would block, and could be read only once).
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xp::stdlib::csv {

// One field of a record and where it starts: 1-based line and byte column of
// its first character (the opening quote for a quoted field). A BOM is not
// counted in the column.
struct Field {
  std::string text;
  uint32_t line = 0, col = 0;
  bool quoted = false;
};

// The same, as a view: into the reader's buffer (a field without a doubled
// quote, quoted or not) or its scratch (a quoted one, its doubled quotes
// undone). Valid until the reader's next call; what read_columns reads,
// without a copy per field.
struct FieldView {
  std::string_view text;
  uint32_t line = 0, col = 0;
  bool quoted = false;
};

struct Error {
  // Which diagnostic it is: E0801 unreadable, E0802 malformed, E0803 ragged,
  // E0804 no data, E0811 a header naming a column twice or not at all.
  enum class Kind { Unreadable, Malformed, Ragged, NoData, BadHeader };
  std::string message;  // lower case, no final period: "unclosed quoted field"
  uint32_t line = 0, col = 0;
  Kind kind = Kind::Malformed;
  std::string help;     // when the reader knows better than the generic advice (separator_hint)
  Error() = default;
  Error(std::string m, uint32_t l, uint32_t c, Kind k = Kind::Malformed, std::string h = {})
      : message(std::move(m)), line(l), col(c), kind(k), help(std::move(h)) {}
};

// Caps on what one file may make us allocate.
inline constexpr size_t kMaxFieldBytes = size_t{1} << 24;  // 16 MiB per field
inline constexpr size_t kMaxColumns = 100000;

class Reader {
 public:
  // Reads from a stream the caller keeps alive; `sep` separates fields.
  explicit Reader(std::istream& in, char sep = ',');
  // Opens a file; nullptr (and `error` set) if it cannot be read.
  static std::unique_ptr<Reader> open(const std::string& path, std::string& error, char sep = ',');
  // Reads CSV text held in memory (the REPL's typed row), owning a copy.
  static std::unique_ptr<Reader> over_text(std::string text, char sep = ',');
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Reads the next record into `fields` (reusing their storage). Returns false
  // at the end of input or on an error; error() tells which.
  bool next(std::vector<Field>& fields);
  // The same as views, valid until the next call (see FieldView).
  bool next(std::vector<FieldView>& fields);
  const std::optional<Error>& error() const { return error_; }
  uint32_t record_line() const { return record_line_; }  // line the last record began on
  // Bytes of the input consumed so far (a BOM included): how far into the
  // file the reader is, for estimating its row count.
  uint64_t offset() const { return dropped_ + pos_; }

 private:
  // One pass over a record held whole in buf_ (from record_), writing the
  // views into `fields`: Done, Failed (error_ set), or More when the buffer
  // ends before the record does and the input has more — the caller refills
  // (which keeps the record's bytes) and scans the record again.
  enum class Scan { Done, Failed, More };
  Scan scan_record(std::vector<FieldView>& fields, bool at_eof);
  // Where scan_record is in the buffer: the field's first byte on entry to
  // the field scans below, the byte after the field on their Done.
  struct Cursor {
    const char* p;
    const char* end;
    const char* line_start;
    uint32_t line;
    bool at_eof;
    uint32_t col_of(const char* q) const { return static_cast<uint32_t>(q - line_start + 1); }
  };
  // Field `index` of the record, quoted (to its closing quote, the blanks
  // after it, its doubled quotes undone into scratch_) or unquoted.
  Scan scan_quoted(Cursor& c, FieldView& f, size_t index);
  Scan scan_unquoted(Cursor& c, FieldView& f);
  bool fill();
  bool skip_blank_lines();  // false at the end of input
  bool fail(std::string message, uint32_t line, uint32_t col);
  bool fail_utf8(const FieldView& f, size_t offset);

  std::unique_ptr<std::istream> owned_;
  std::istream* in_;
  std::vector<char> buf_;
  char sep_ = ',';
  size_t pos_ = 0, end_ = 0;
  uint64_t dropped_ = 0;  // bytes of the input before buf_[0] (offset())
  // While a record is read, its bytes stay in buf_ from record_ on: a refill
  // moves them to the front (growing buf_ for a record longer than it).
  size_t record_ = 0;
  bool in_record_ = false;
  std::vector<std::string> scratch_;  // quoted fields with doubled quotes: their text, by position
  std::vector<size_t> escaped_;       // which fields of the record are in scratch_
  std::vector<FieldView> views_;      // next(std::vector<Field>&)'s views
  size_t non_ascii_chunks_ = 0;  // chunks read so far holding a byte >= 0x80 (none: fields skip the UTF-8 check)
  bool started_ = false;
  uint32_t line_ = 1, record_line_ = 0;
  std::optional<Error> error_;
};

// The error for a record whose width differs from the header's: at the first
// extra field when there are too many, at the whole line when too few.
Error ragged_row(const std::vector<Field>& fields, size_t header_width, uint32_t line);
Error ragged_row(const std::vector<FieldView>& fields, size_t header_width, uint32_t line);

// ---- separators ---------------------------------------------------------------------------
// The separators `sep:` accepts: comma (the default), semicolon (spreadsheets
// in locales with a decimal comma), tab and pipe. One byte each.
inline constexpr std::string_view kSeparators = ",;\t|";
// `sep: ";"` → ';'; nullopt for anything but one of kSeparators.
inline constexpr std::string_view kSeparatorRule =
    "`sep:` must be one of \",\" (the default), \";\", \"\\t\" (tab) or \"|\"";
std::optional<char> parse_separator(std::string_view text);
// How a separator is written in a script: "," ";" "\t" "|".
std::string separator_text(char sep);
// A header read as one column whose name holds another separator ("a;b;y"
// read with commas) most likely means the file uses that one: the advice, or
// "" when the header gives no such sign. Written for a script (`sep: ";"`)
// or for `exp predict`'s command line (`--sep ";"`).
enum class SeparatorAdvice { Script, CommandLine };
std::string separator_hint(const std::vector<std::string>& header, SeparatorAdvice as = SeparatorAdvice::Script);

// ---- value helpers shared by the checker and the runtime -------------------------------------
// The offset of the first byte of `s` that does not start or continue a valid
// UTF-8 sequence (overlong forms and surrogates are invalid); nullopt if all are.
std::optional<size_t> invalid_utf8(std::string_view s);
// Missing-value spellings (after trimming spaces, case-insensitive): empty,
// NA, N/A, NaN, null, ?.
bool is_missing(std::string_view text);
// `text` without leading and trailing spaces and tabs (how cells are compared).
std::string_view trim_blanks(std::string_view text);
// A finite decimal number (leading/trailing spaces allowed, optional '+').
std::optional<double> parse_number(std::string_view text);

// A cell as a categorical level: trimmed, and a number in canonical form
// ("2.0" and "2" are the same level "2"; "0.50" is "0.5").
std::string level_text(std::string_view cell);
// level_text of a cell known not to be a number (parse_number gave nullopt):
// the cell trimmed, as a view into it — no copy, no second parse.
inline std::string_view text_level(std::string_view non_number_cell) { return trim_blanks(non_number_cell); }
std::string canonical_number(double v);

// One cell as written to a CSV (RFC 4180): quoted, with quotes doubled, only
// when it holds a comma, a quote or a line break. A cell a spreadsheet would
// evaluate (starting with = + - @ tab or CR, and not a number) gets a leading
// ' so that opening trials.csv or predictions never runs a formula.
std::string field(std::string_view text);

// Column typing and task inference, in one place for the checker and the
// runtime:
//  * a column is numeric when more than half of its non-missing cells are
//    numbers (the other cells are then malformed numbers, reported as such);
//    otherwise it is categorical (text);
//  * a target column is a classification target when it is categorical, or
//    numeric with only integers and at most kMaxIntegerClasses distinct values;
//    otherwise a regression target;
//  * class names (levels) are sorted: numerically for a numeric column, by
//    byte order of level_text() for a categorical one.
inline constexpr size_t kMaxIntegerClasses = 20;
bool is_numeric_column(size_t number_cells, size_t non_missing_cells);

}  // namespace xp::stdlib::csv
