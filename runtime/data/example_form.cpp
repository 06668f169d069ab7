#include "runtime/data/example_form.h"

#include <cmath>

#include <fmt/format.h>

#include "runtime/data/data_errors.h"
#include "runtime/data/tokens.h"

namespace xp::rt {
namespace {

std::optional<int64_t> whole_option(const ir::Value& v, int64_t low, int64_t high) {
  if (v.kind != ir::Value::Kind::Number || v.number != std::floor(v.number) || v.number < static_cast<double>(low) ||
      v.number > static_cast<double>(high))
    return std::nullopt;
  return static_cast<int64_t>(v.number);
}

}  // namespace

static_assert(Tokens::kFirstWord == data_diag::kFirstTextWordId, "one rule for the first word id");

bool read_form_option(const std::string& name, const ir::Value& v, Span at, ExampleForm& form, bool& ok,
                      Diagnostics& diags) {
  auto refuse = [&](std::string message, std::string help = {}) {
    diags.report(data_diag::bad_option(std::move(message), at, std::move(help)));
    ok = false;
    return true;
  };
  if (name == "shape") {  // one option per size (compiler/lower/data.cpp)
    auto d = whole_option(v, 1, kMaxExampleSize);
    if (!d) return refuse("the sizes of `shape:` are whole numbers ≥ 1", "such as `shape: [8, 8, 1]`");
    if (form.shape.size() == kMaxExampleRank) return refuse("`shape:` has at most 6 sizes");
    form.shape_span = at;  // every size carries the list's span
    form.shape.push_back(*d);
    return true;
  }
  if (name == "tokens") {
    bool yes = v.kind == ir::Value::Kind::Number ? v.number != 0 : v.text == "true";
    if (v.kind != ir::Value::Kind::Number && v.text != "true" && v.text != "false")
      return refuse("`tokens:` is true or false");
    form.tokens = yes;
    form.tokens_span = at;
    return true;
  }
  if (name == "text") {
    if (v.kind == ir::Value::Kind::Number) return refuse("`text:` names the text column, such as `text: \"review\"`");
    form.text = v.text;
    form.text_span = at;
    return true;
  }
  if (name == "length") {
    auto d = whole_option(v, 1, Tokens::kMaxLength);
    if (!d) return refuse(fmt::format("`length:` is a whole number from 1 to {}", Tokens::kMaxLength), "the ids per example");
    form.length = *d;
    return true;
  }
  if (name == "vocab") {
    auto d = whole_option(v, 1, Tokens::kMaxVocab);
    if (!d) return refuse(fmt::format("`vocab:` is a whole number from 1 to {}", Tokens::kMaxVocab), "the number of token ids");
    form.vocab = *d;
    form.vocab_span = at;
    return true;
  }
  return false;
}

bool form_before_split(const ExampleForm& form, const std::string& path, char sep, const std::string& data,
                       Table& table, std::vector<std::string>& texts, Diagnostics& diags) {
  if (form.tokens && !form.text.empty()) {
    diags.report(data_diag::tokens_and_text(form.text_span));
    return false;
  }
  if (!form.text.empty() && form.vocab > 0 && !data_diag::text_vocab_has_words(form.vocab)) {
    diags.report(data_diag::text_vocab_without_words(form.vocab, form.vocab_span));
    return false;
  }
  if (form.tokens) {
    auto vocab = check_token_ids(table.all.X, table.schema.feature_names(), form.vocab, "`" + data + "`",
                                 form.tokens_span, diags);
    if (!vocab) return false;
    table.schema.tokens.kind = Tokens::Kind::Ids;
    table.schema.tokens.vocab = *vocab;
  }
  if (!form.text.empty()) {
    auto read = read_text_column(path, form.text, sep, table.all, form.text_span, diags);
    if (!read) return false;
    texts = std::move(*read);
  }
  return true;
}

bool form_after_split(const ExampleForm& form, const std::vector<size_t>& train_rows,
                      const std::vector<std::string>& texts, const std::string& data, Table& table,
                      Diagnostics& diags) {
  Schema& schema = table.schema;
  if (!form.text.empty()) {
    Tokens& t = schema.tokens;
    t.kind = Tokens::Kind::Text;
    t.column = form.text;
    t.length = form.length;
    t.vocab = form.vocab > 0 ? form.vocab : ExampleForm::kDefaultTextVocab;
    std::vector<const std::string*> train;  // the vocabulary sees the training part only
    train.reserve(train_rows.size());
    for (size_t r : train_rows) train.push_back(&texts[r]);
    t.words = fit_vocabulary(train, t.vocab);
    table.all.X = encode_text(t, texts);
    table.info.feature_names = schema.feature_names();
  }
  if (!form.shape.empty()) {
    int64_t product = 1;
    for (int64_t d : form.shape) product = std::min(product * d, kMaxExampleSize + 1);
    if (product != schema.width()) {
      diags.report(data_diag::shape_mismatch(form.shape, product, data, schema.width(), form.shape_span));
      return false;
    }
    schema.shape = form.shape;
  }
  table.info.shape = schema.shape;
  table.info.vocab = schema.tokens.vocab;
  return true;
}

bool encode_with_schema(const Schema& schema, const stdlib::csv::Source& source, char sep, Part& part,
                        Diagnostics& diags) {
  const std::string& path = source.path;
  const Tokens& t = schema.tokens;
  if (t.kind == Tokens::Kind::Text) {
    auto texts = read_text_column(source, t.column, sep, part, {}, diags);
    if (!texts) return false;
    part.X = encode_text(t, *texts);
    return true;
  }
  if (t.kind != Tokens::Kind::Ids) return true;
  const auto names = schema.feature_names();
  for (Eigen::Index r = 0; r < part.X.rows(); ++r)
    for (Eigen::Index c = 0; c < part.X.cols(); ++c) {
      const float v = part.X(r, c);
      if (std::isfinite(v) && v >= 0 && v == std::floor(v) && v < static_cast<float>(t.vocab)) continue;
      diags.report(data_diag::schema_mismatch(
          path,
          fmt::format("column `{}` holds {} in row {}, not a token id of the model (0 to {})",
                      static_cast<size_t>(c) < names.size() ? names[static_cast<size_t>(c)] : "?", v,
                      part.origin.empty() ? static_cast<size_t>(r) + 1 : part.origin[static_cast<size_t>(r)] + 1,
                      t.vocab - 1),
          "the model learned a table of that many ids; ids beyond it have no row"));
      return false;
    }
  return true;
}

}  // namespace xp::rt
