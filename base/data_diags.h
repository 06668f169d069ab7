#pragma once
// Diagnostics for data problems, built only here so the wording lives in one
// place for the checker (compiler/data_probe.cpp, which reads the script's own
// files at `exp check`) and the runtime loader (runtime/data/*). Errors inside a
// data file carry a FileLocation (path:line:col, col 0 for a whole line);
// errors in a script's data options carry the option's span.
//
// Codes (E08xx: data):
//   E0801 a data file cannot be read          E0806 a malformed number
//   E0802 a malformed CSV record              E0807 an unknown column
//   E0803 a row with the wrong field count    E0808 an invalid data option
//   E0804 no data (empty file, no rows)       E0809 a split that cannot be made
//   E0805 missing values                      E0810 a file that does not fit a saved schema
//   E0811 a header naming a column twice or not at all
//   E0812 a number beyond a 32-bit float's range (as written, or once scaled)
//   W0801 a category never seen in training (encoded as all zeros)
//   W0802 text in a numeric column, treated as missing under `impute:`
//   W0803 prediction targets that cannot be scored (unknown label)
//   W0804 a split part that is empty but not used
//   W0808 a split part a score reads that holds only a few rows
//   W0805 an id-like feature column (a different value in every row)
//   W0806 a text feature column with very many distinct values
//   W0807 a feature column holding one value
#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "stdlib/csv.h"
#include "stdlib/csv_table.h"

namespace xp::diag::data {

// `path_span` is the path's string in the script when known (then the caret
// points at it and the message names the resolved path).
Diagnostic unreadable(const std::string& path, const std::string& why, Span path_span = {});
// A failure of stdlib::csv::read_columns, by its kind (E0801–E0804, E0811).
Diagnostic read_error(const std::string& path, const stdlib::csv::Error& e, Span path_span = {});
Diagnostic malformed_csv(const std::string& path, const stdlib::csv::Error& e);
Diagnostic ragged_row(const std::string& path, const stdlib::csv::Error& e);
Diagnostic no_data(const std::string& path, const std::string& what);
// `count` missing cells in one column, shown at the first with the next few listed.
Diagnostic missing_values(const std::string& path, const std::string& column, size_t count,
                          const std::vector<stdlib::csv::CellRef>& first, bool predicting = false);
Diagnostic malformed_numbers(const std::string& path, const std::string& column, size_t count,
                             const std::vector<stdlib::csv::CellRef>& first, bool predicting = false);
// A prediction file's cells in a date column that are not ISO 8601 dates:
// E0806, or W0802 when the saved fill stands in for them (`treated_as_missing`).
Diagnostic malformed_dates(const std::string& path, const std::string& column, size_t count, const std::string& first,
                           uint32_t line, bool treated_as_missing);
// `columns`: the file's header, listed in the help with a did-you-mean.
Diagnostic unknown_column(const std::string& path, const std::string& column, Span span,
                          const std::vector<std::string>& columns = {});
Diagnostic bad_option(const std::string& message, Span span, const std::string& help = "");
// `text:` ids: 0 pads, 1 is an unknown word, words start at 2 (runtime/data/
// dataset.h, Tokens): a `vocab:` must leave at least one id for a word.
inline constexpr int64_t kFirstTextWordId = 2;
inline bool text_vocab_has_words(int64_t vocab) { return vocab > kFirstTextWordId; }
Diagnostic text_vocab_without_words(int64_t vocab, Span span);
// `tokens: true` and `text: "col"` in one source, at the `text:` option.
Diagnostic tokens_and_text(Span span);
// `minmax d` after `standardize d` (`op` after `earlier`): one scaling per data set.
Diagnostic scaling_conflict(const std::string& op, const std::string& earlier, Span span);
// `onehot d.x0` on a generator's data, which has no columns to encode.
Diagnostic onehot_without_columns(Span span);
// `shape:` whose product (`product`) is not the data's feature count.
Diagnostic shape_mismatch(const std::vector<int64_t>& shape, int64_t product, const std::string& data,
                          int64_t features, Span span);
// `standardize` / `minmax` / `onehot` (`op`) on token ids, at the statement.
Diagnostic transformed_token_ids(const std::string& op, Span span);
Diagnostic bad_split(const std::string& message, Span span, const std::string& help = "");
// W0808: a val/test part the program scores that holds too few rows for a
// score to mean anything (`rows` of them).
Diagnostic tiny_part(const std::string& message, Span span, const std::string& part);
// W0804: a val/test part the split leaves empty, which nothing reads.
Diagnostic empty_part(const std::string& message, Span span, const std::string& part);
Diagnostic schema_mismatch(const std::string& path, const std::string& message, const std::string& help = "");
Diagnostic unseen_level(const std::string& path, const std::string& column, const std::string& level,
                        uint32_t line, uint32_t col);
// W0803: `count` rows of a prediction file whose target cannot be scored
// (missing, or a class the model never saw); the other rows are scored.
Diagnostic unscored_rows(const std::string& path, const std::vector<std::string>& targets, size_t count, size_t rows,
                         uint32_t first_line);

// E0812: `count` cells of a numeric column that a 32-bit float cannot hold —
// `value` (the first, at `line`) as written, or once the saved scaling divides
// it (`scaled`, for `exp predict` and `evaluate … on`). The row would become
// infinite, and a prediction from it meaningless.
Diagnostic float_overflow(const std::string& path, const std::string& column, const std::string& value, uint32_t line,
                          size_t count, bool scaled);

// Where a CSV source's options were written, for the problems of analyse().
struct SourceSpans {
  Span whole;                                     // the data statement
  Span target;                                    // `target:` (or the statement)
  std::function<Span(const std::string&)> column; // a `columns:` entry or an `onehot` column
};
// One problem of stdlib::csv::analyse as a diagnostic (an error, or W0802).
Diagnostic problem(const std::string& path, const stdlib::csv::Problem& p, const SourceSpans& at,
                   const std::vector<std::string>& header);

}  // namespace xp::diag::data
