// Token ids and per-example shapes (runtime/data/tokens.h, example_form.h):
// the tokenizer, a vocabulary fitted on the training part only, padding and
// truncation, integer id columns, `shape:`, the generators token_sum and
// bars, the schema's JSON (saved in the model file) and prediction files
// encoded with the saved vocabulary.
#include <doctest/doctest.h>

#include <cmath>

#include "runtime/data/load.h"
#include "runtime/data/schema_json.h"
#include "runtime/data/split.h"
#include "runtime/data/tokens.h"
#include "tests/runtime/data/temp_csv.h"

using namespace xp;
using namespace xp::rt;
using xp::test::find_code;
using xp::test::TempCsv;

namespace {

ir::NamedHExpr token_option(std::string name, ir::HExpr value) {
  value.span = Span{0, 10, 13};
  return ir::NamedHExpr{std::move(name), value, Span{0, 10, 15}};
}
ir::HExpr token_num(double v) { return ir::HExpr::constant(v, v == std::floor(v)); }
ir::HExpr token_word(std::string s) {
  ir::HExpr e;
  e.kind = ir::HExpr::Kind::Name;
  e.name = std::move(s);
  return e;
}
ir::DataSpec token_csv(const std::string& path, std::vector<ir::NamedHExpr> options) {
  ir::DataSpec s;
  s.source = ir::DataSpec::Source::Csv;
  s.name = "d";
  s.path = path;
  s.options = std::move(options);
  s.span = Span{0, 1, 5};
  return s;
}

}  // namespace

TEST_CASE("words_of: lower case, split on spaces and punctuation, UTF-8 kept") {
  CHECK(words_of("Don't STOP, me-now!") == std::vector<std::string>{"don", "t", "stop", "me", "now"});
  CHECK(words_of("  ") .empty());
  CHECK(words_of("naïve café 42") == std::vector<std::string>{"naïve", "café", "42"});
}

TEST_CASE("fit_vocabulary: most frequent first, ties in byte order, vocab − 2 words") {
  std::string a = "b a a c", b = "c b d";
  std::vector<const std::string*> texts{&a, &b};
  CHECK(fit_vocabulary(texts, 5) == std::vector<std::string>{"a", "b", "c"});  // a 2, b 2, c 2: byte order
  CHECK(fit_vocabulary(texts, 100) == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(fit_vocabulary(texts, 2).empty());
}

TEST_CASE("encode_text: ids 2… for words, 1 unknown, 0 padding, truncated to the length") {
  Tokens t;
  t.kind = Tokens::Kind::Text;
  t.length = 4;
  t.vocab = 10;
  t.words = {"good", "bad"};
  Matrix X = encode_text(t, {"Good, good film", "bad", "good bad good bad good"});
  CHECK(X.row(0) == (Eigen::RowVector4f() << 2, 2, 1, 0).finished());
  CHECK(X.row(1) == (Eigen::RowVector4f() << 3, 0, 0, 0).finished());
  CHECK(X.row(2) == (Eigen::RowVector4f() << 2, 3, 2, 3).finished());
}

TEST_CASE("text: the vocabulary is fitted on the training part only, and saved for prediction") {
  // Rows 0..5 train (shuffle: false), rows 6..7 test; "zebra" is only in the
  // test rows, so it must be an unknown word there (no leakage).
  TempCsv f(
      "review,label\n"
      "good film,pos\ngood good,pos\ngreat film,pos\nbad film,neg\nbad bad,neg\nawful film,neg\n"
      "zebra good,pos\nzebra bad,neg\n");
  ir::DataSpec spec = token_csv(f.str(), {token_option("target", token_word("label")),
                                          token_option("text", token_word("review")),
                                          token_option("length", token_num(3)), token_option("vocab", token_num(50))});
  spec.split.train = 0.75;
  spec.split.val = 0;
  spec.split.test = 0.25;
  spec.split.shuffle = false;
  Diagnostics diags;
  auto data = prepare_data(spec, 1, diags);
  REQUIRE_MESSAGE(data, (diags.all().empty() ? "" : diags.all().front().message));
  const Tokens& t = data->schema.tokens;
  CHECK(t.kind == Tokens::Kind::Text);
  CHECK(t.vocab == 50);
  CHECK(std::find(t.words.begin(), t.words.end(), "zebra") == t.words.end());
  CHECK(t.words.front() == "film");  // 4 times in the training rows
  CHECK(data->info.features() == 3);
  CHECK(data->info.vocab == 50);
  REQUIRE(data->test.rows() == 2);
  CHECK(data->test.X(0, 0) == Tokens::kUnknown);  // zebra
  CHECK(data->test.X(0, 2) == Tokens::kPad);

  // The schema round-trips through JSON (the model file) and encodes a
  // prediction file with the same vocabulary.
  std::string why;
  auto back = schema_from_json(to_json(data->schema), why);
  REQUIRE_MESSAGE(back, why);
  CHECK(back->tokens.words == t.words);
  TempCsv p("review\nfilm zebra good\n");
  Diagnostics pd;
  auto part = load_for_prediction(p.str(), *back, data->scaling, pd);
  REQUIRE(part);
  auto id = [&](const std::string& w) {
    return static_cast<float>(std::find(t.words.begin(), t.words.end(), w) - t.words.begin() + Tokens::kFirstWord);
  };
  CHECK(part->X.row(0) == (Eigen::RowVector3f() << id("film"), Tokens::kUnknown, id("good")).finished());
}

TEST_CASE("tokens: integer columns are ids; the vocabulary is the largest id + 1 or vocab:") {
  TempCsv f("a,b,c,y\n0,3,1,0\n2,2,4,1\n1,0,0,0\n4,1,2,1\n");
  Diagnostics diags;
  auto data = prepare_data(token_csv(f.str(), {token_option("tokens", token_word("true"))}), 1, diags);
  REQUIRE(data);
  CHECK(data->info.vocab == 5);
  CHECK(data->schema.tokens.kind == Tokens::Kind::Ids);
  Diagnostics small;
  CHECK_FALSE(prepare_data(token_csv(f.str(), {token_option("tokens", token_word("true")),
                                               token_option("vocab", token_num(4))}),
                           1, small));
  REQUIRE(find_code(small, "E0808"));
  CHECK(find_code(small, "E0808")->message.find("holds 4") != std::string::npos);
  TempCsv g("a,b,y\n0,1.5,0\n1,2,1\n");
  Diagnostics frac;
  CHECK_FALSE(prepare_data(token_csv(g.str(), {token_option("tokens", token_word("true"))}), 1, frac));
  CHECK(find_code(frac, "E0808"));
  // A prediction file with an id the model has no row for is refused.
  TempCsv p("a,b,c\n0,1,9\n");
  Diagnostics pd;
  CHECK_FALSE(load_for_prediction(p.str(), data->schema, data->scaling, pd));
  CHECK(find_code(pd, "E0810"));
}

TEST_CASE("shape: the features of an example as a tensor; the product must match") {
  ir::DataSpec digits;
  digits.source = ir::DataSpec::Source::Dataset;
  digits.name = digits.dataset = "digits";
  digits.span = Span{0, 1, 5};
  for (int d : {8, 8, 1}) digits.options.push_back(token_option("shape", token_num(d)));
  Diagnostics diags;
  auto data = prepare_data(digits, 1, diags);
  REQUIRE(data);
  CHECK(data->info.shape == std::vector<int64_t>{8, 8, 1});
  CHECK(data->schema.shape == std::vector<int64_t>{8, 8, 1});
  digits.options.back() = token_option("shape", token_num(2));
  Diagnostics bad;
  CHECK_FALSE(prepare_data(digits, 1, bad));
  REQUIRE(find_code(bad, "E0808"));
  CHECK(find_code(bad, "E0808")->message == "`shape:` 8 × 8 × 2 holds 128 values per example, but `digits` has 64 features");
}

TEST_CASE("generators: token_sum gives ids with a vocabulary, bars gives images") {
  ir::DataSpec seqs;
  seqs.source = ir::DataSpec::Source::Generator;
  seqs.name = seqs.dataset = "token_sum";
  seqs.options = {token_option("n", token_num(300)), token_option("length", token_num(6)),
                  token_option("vocab", token_num(7))};
  Diagnostics diags;
  auto data = prepare_data(seqs, 3, diags);
  REQUIRE(data);
  CHECK(data->info.vocab == 7);
  CHECK(data->info.features() == 6);
  CHECK(data->train.X.minCoeff() >= 0);
  CHECK(data->train.X.maxCoeff() <= 6);
  for (Eigen::Index r = 0; r < data->train.X.rows(); ++r)  // the label is the sum's side of the middle
    CHECK(data->train.labels[static_cast<size_t>(r)] == (2 * data->train.X.row(r).sum() > 6 * 6 ? 1 : 0));
  auto again = prepare_data(seqs, 3, diags);
  CHECK(again->train.X == data->train.X);  // seeded

  ir::DataSpec pics = seqs;
  pics.name = pics.dataset = "bars";
  pics.options = {token_option("n", token_num(40)), token_option("size", token_num(5)),
                  token_option("noise", token_num(0))};
  auto images = prepare_data(pics, 3, diags);
  REQUIRE(images);
  CHECK(images->info.shape == std::vector<int64_t>{5, 5, 1});
  CHECK(images->train.X.row(0).sum() == 5);  // one bar of five ones, no noise
}

TEST_CASE("a saved token schema is bounded and consistent") {
  Schema s;
  s.target = "y";
  s.class_names = {"a", "b"};
  s.tokens.kind = Tokens::Kind::Text;
  s.tokens.column = "review";
  s.tokens.length = 4;
  s.tokens.vocab = 5;
  s.tokens.words = {"x", "y", "z"};
  std::string why;
  REQUIRE(schema_from_json(to_json(s), why));
  auto refused = [&](auto change) {
    nlohmann::json j = to_json(s);
    change(j);
    std::string error;
    return !schema_from_json(j, error) && !error.empty();
  };
  CHECK(refused([](nlohmann::json& j) { j["tokens"]["vocab"] = 4; }));          // 3 words need 5 ids
  CHECK(refused([](nlohmann::json& j) { j["tokens"]["vocab"] = 1e9; }));
  CHECK(refused([](nlohmann::json& j) { j["tokens"]["words"][1] = "x"; }));     // a word twice
  CHECK(refused([](nlohmann::json& j) { j["tokens"]["length"] = 0; }));
  CHECK(refused([](nlohmann::json& j) { j["tokens"]["kind"] = "bytes"; }));
  CHECK(refused([](nlohmann::json& j) { j["shape"] = {2, 3}; }));                 // 6 ≠ 4 features
  CHECK(refused([](nlohmann::json& j) { j["shape"] = {-4}; }));
  CHECK(refused([](nlohmann::json& j) { j["features"].push_back({{"name", "extra"}, {"categorical", false}}); }));
}
