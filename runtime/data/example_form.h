#pragma once
// What one example's features are, beyond a flat vector (docs/data.md):
//   shape: [28, 28, 1]  the numeric features of an example as a tensor of
//                       that shape (row-major; the product must equal the
//                       feature count) — csv(...) and digits(...);
//   tokens: true        every feature column holds integer token ids: [T];
//   text: "col"         the column's text as `length:` ids of a vocabulary
//                       of `vocab:` ids fitted on the training part.
// The loader (load.cpp) reads these options here, applies them to the table
// before and after the split (the vocabulary needs the training rows), and
// encodes prediction files with the saved schema the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/csv_table.h"

namespace xp::rt {

struct ExampleForm {
  static constexpr int64_t kDefaultLength = 32;
  static constexpr int64_t kDefaultTextVocab = 10000;
  std::vector<int64_t> shape;
  Span shape_span;
  bool tokens = false;
  Span tokens_span;
  std::string text;            // the text column
  Span text_span;
  int64_t length = kDefaultLength;
  int64_t vocab = 0;           // 0: ids — the largest + 1; text — kDefaultTextVocab
  Span vocab_span;
  bool any() const { return !shape.empty() || tokens || !text.empty(); }
  bool token_ids() const { return tokens || !text.empty(); }
};

// Reads option `name` if it is one of shape / tokens / text / length / vocab
// (returns true, with `ok` false after a diagnostic); false for other names.
bool read_form_option(const std::string& name, const ir::Value& v, Span at, ExampleForm& form, bool& ok,
                      Diagnostics& diags);

// Before the split: the options fit together and the table (`tokens:` ids
// checked, the text column read into `texts`, one cell per row). `data` is
// the data set's name for messages. false after diagnostics.
bool form_before_split(const ExampleForm& form, const std::string& path, char sep, const std::string& data,
                       Table& table, std::vector<std::string>& texts, Diagnostics& diags);

// After the split: the text vocabulary fitted on `train_rows` and every row
// encoded; the shape checked against the feature count and recorded in the
// schema and info. false after diagnostics.
bool form_after_split(const ExampleForm& form, const std::vector<size_t>& train_rows,
                      const std::vector<std::string>& texts, const std::string& data, Table& table,
                      Diagnostics& diags);

// A prediction or evaluation file read with a token schema: the text column
// encoded with the saved vocabulary, integer ids checked against the saved
// vocabulary (E0810). A no-op for other schemas. false after diagnostics.
bool encode_with_schema(const Schema& schema, const stdlib::csv::Source& source, char sep, Part& part, Diagnostics& diags);

}  // namespace xp::rt
