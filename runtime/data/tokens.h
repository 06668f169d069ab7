#pragma once
// Token ids as features (docs/data.md, "Token ids"):
//   * `tokens: true`: every feature column holds integer ids ≥ 0, one per
//     position, so an example is [T] ids (T = the number of columns); the
//     vocabulary size is `vocab:` or, without it, the largest id + 1;
//   * `text: "col"`: the column's text is lower-cased and split into words
//     (words_of), and each word becomes its id in a vocabulary fitted on the
//     TRAINING part only — id 0 pads, id 1 is a word the vocabulary does not
//     hold, ids 2… the `vocab:` − 2 most frequent training words (ties in
//     byte order) — padded with 0 or truncated to `length:` ids.
// The Tokens record (dataset.h) is saved in the model file's schema, so
// `exp predict` encodes new text with the training vocabulary.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "runtime/data/dataset.h"
#include "stdlib/csv_table.h"

namespace xp::rt {

// Lower-cased words of `text`: runs of ASCII letters and digits and of
// bytes ≥ 0x80 (UTF-8 letters are kept as written); every other ASCII byte
// (spaces, punctuation) separates words. "Don't stop!" → don, t, stop.
std::vector<std::string> words_of(std::string_view text);

// The vocabulary of `texts` (the training part's cells): up to vocab − 2
// words, the most frequent first, ties in byte order.
std::vector<std::string> fit_vocabulary(const std::vector<const std::string*>& texts, int64_t vocab);

// Row r of X (length ids) = the ids of texts[r] under `t`'s vocabulary.
Matrix encode_text(const Tokens& t, const std::vector<std::string>& texts);

// The text cells of `column` for each row of `part` (by Part::origin, the
// rows' places among the file's data rows). nullopt after diagnostics: no
// such column (E0807 at `at`), a file that cannot be read again.
std::optional<std::vector<std::string>> read_text_column(const stdlib::csv::Source& source, const std::string& column, char sep,
                                                         const Part& part, Span at, Diagnostics& diags);

// Integer token ids in X (`tokens: true`): every cell a whole number ≥ 0 and
// below `vocab` (when > 0). Returns the vocabulary (vocab, or the largest id
// + 1); nullopt after an E0806 naming the first bad cell's row and column.
std::optional<int64_t> check_token_ids(const Matrix& X, const std::vector<std::string>& columns, int64_t vocab,
                                       const std::string& where, Span at, Diagnostics& diags);

}  // namespace xp::rt
