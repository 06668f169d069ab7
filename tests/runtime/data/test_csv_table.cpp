// Typing, encoding and bad-cell diagnostics of CSV files (runtime/data/csv_table.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "runtime/data/csv_table.h"
#include "runtime/data/preprocess.h"
#include "runtime/data/schema_json.h"
#include "tests/runtime/data/temp_csv.h"

using namespace xp;
using namespace xp::rt;
using xp::test::find_code;
using xp::test::TempCsv;

namespace {
std::optional<Table> load(const std::string& text, CsvOptions o, Diagnostics& d) {
  TempCsv f(text);
  return load_csv(f.str(), o, d);
}
}  // namespace

TEST_CASE("csv table: numeric features and a text target") {
  Diagnostics d;
  auto t = load("a,b,kind\n1,2.5,dog\n3,4,cat\n5,6,dog\n", {}, d);
  REQUIRE(t);
  CHECK_FALSE(d.has_errors());
  CHECK(t->info.task == Task::Classification);
  CHECK(t->info.target_name == "kind");
  CHECK(t->info.feature_names == std::vector<std::string>{"a", "b"});
  CHECK(t->info.class_names == std::vector<std::string>{"cat", "dog"});  // sorted
  CHECK(t->all.labels == std::vector<int>{1, 0, 1});
  CHECK(t->all.X.rows() == 3);
  CHECK(t->all.X(0, 1) == doctest::Approx(2.5));
  CHECK(t->all.Y(1, 0) == 0.0f);
}

TEST_CASE("csv table: categorical features are one-hot encoded in sorted level order") {
  Diagnostics d;
  auto t = load("color,size,y\nred,1,0.5\nblue,2,1.5\ngreen,3,2.5\nred,4,3.5\n", {}, d);
  REQUIRE(t);
  CHECK(t->info.task == Task::Regression);
  CHECK(t->info.feature_names == std::vector<std::string>{"color=blue", "color=green", "color=red", "size"});
  REQUIRE(t->all.X.cols() == 4);
  CHECK(t->all.X(0, 0) == 0.0f);
  CHECK(t->all.X(0, 2) == 1.0f);
  CHECK(t->all.X(1, 0) == 1.0f);
  CHECK(t->all.X(2, 1) == 1.0f);
  CHECK(t->all.X(3, 3) == 4.0f);
  CHECK(t->all.X.row(0).sum() == 2.0f);  // one level + size 1
  REQUIRE(t->schema.features.size() == 2);
  CHECK(t->schema.features[0].categorical);
  CHECK(t->schema.features[0].levels == std::vector<std::string>{"blue", "green", "red"});
}

TEST_CASE("csv table: onehot forces a numeric column to be categorical") {
  Diagnostics d;
  CsvOptions o;
  o.categorical = {"code"};
  auto t = load("code,y\n10,0.1\n2,0.2\n10,0.3\n", o, d);
  REQUIRE(t);
  CHECK(t->info.feature_names == std::vector<std::string>{"code=2", "code=10"});  // numeric order
}

TEST_CASE("csv table: task inference and override") {
  Diagnostics d;
  SUBCASE("few distinct integers → classification with numeric class names") {
    auto t = load("x,y\n1,2\n2,0\n3,1\n4,2\n", {}, d);
    REQUIRE(t);
    CHECK(t->info.task == Task::Classification);
    CHECK(t->info.class_names == std::vector<std::string>{"0", "1", "2"});
    CHECK(t->all.labels == std::vector<int>{2, 0, 1, 2});
  }
  SUBCASE("real values → regression") {
    auto t = load("x,y\n1,0.5\n2,1.25\n", {}, d);
    REQUIRE(t);
    CHECK(t->info.task == Task::Regression);
    CHECK(t->info.class_names.empty());
    CHECK(t->all.labels.empty());
    CHECK(t->all.Y(1, 0) == 1.25f);
  }
  SUBCASE("task: regression on integer classes") {
    CsvOptions o;
    o.task = Task::Regression;
    auto t = load("x,y\n1,2\n2,0\n", o, d);
    REQUIRE(t);
    CHECK(t->info.task == Task::Regression);
  }
  SUBCASE("task: classification on many integers") {
    CsvOptions o;
    o.task = Task::Classification;
    std::string text = "x,y\n";
    for (int i = 0; i < 30; ++i) text += "1," + std::to_string(i) + "\n";
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK(t->info.classes() == 30);
  }
  SUBCASE("task: regression on text is an error") {
    CsvOptions o;
    o.task = Task::Regression;
    CHECK_FALSE(load("x,y\n1,a\n2,b\n", o, d));
    CHECK(find_code(d, "E0808"));
  }
  SUBCASE("a single class is an error") {
    CHECK_FALSE(load("x,y\n1,a\n2,a\n", {}, d));
    CHECK(find_code(d, "E0804"));
  }
}

TEST_CASE("csv table: target and column selection") {
  Diagnostics d;
  const std::string text = "id,label,a,b\n1,x,1,2\n2,y,3,4\n";
  SUBCASE("named target, other columns are features") {
    CsvOptions o;
    o.target = "label";
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK(t->info.feature_names == std::vector<std::string>{"id", "a", "b"});
  }
  SUBCASE("columns: selects and orders features") {
    CsvOptions o;
    o.target = "label";
    o.columns = {"b", "a"};
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK(t->info.feature_names == std::vector<std::string>{"b", "a"});
    CHECK(t->all.X(0, 0) == 2.0f);
  }
  SUBCASE("unknown target") {
    CsvOptions o;
    o.target = "Label";
    CHECK_FALSE(load(text, o, d));
    auto* e = find_code(d, "E0807");
    REQUIRE(e);
    CHECK(e->message.find("`Label`") != std::string::npos);
  }
  SUBCASE("unknown feature column") {
    CsvOptions o;
    o.target = "label";
    o.columns = {"a", "c"};
    CHECK_FALSE(load(text, o, d));
    CHECK(find_code(d, "E0807"));
  }
  SUBCASE("the target listed as a feature") {
    CsvOptions o;
    o.target = "label";
    o.columns = {"a", "label"};
    CHECK_FALSE(load(text, o, d));
    CHECK(find_code(d, "E0808"));
  }
}

TEST_CASE("csv table: missing values are located errors unless imputed") {
  const std::string text = "a,b,y\n1,2,0.5\n,4,1.5\n5,NA,2.5\n7,8,3.5\n";
  Diagnostics d;
  SUBCASE("no impute: one error per column with missing cells, at the first") {
    CHECK_FALSE(load(text, {}, d));
    REQUIRE(d.error_count() == 2);
    const Diagnostic& first = d.all()[0];
    CHECK(first.code == "E0805");
    REQUIRE(first.at);
    CHECK(first.at->line == 3);
    CHECK(first.at->col == 1);
    CHECK(first.message.find("`a`") != std::string::npos);
    const Diagnostic& second = d.all()[1];
    REQUIRE(second.at);
    CHECK(second.at->line == 4);
    CHECK(second.at->col == 3);
  }
  SUBCASE("impute: drop removes the rows") {
    CsvOptions o;
    o.impute = Impute::Drop;
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK(t->all.rows() == 2);
    CHECK(t->all.Y(1, 0) == 3.5f);
  }
  SUBCASE("impute: mean leaves NaN for the training statistics to fill") {
    CsvOptions o;
    o.impute = Impute::Mean;
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK(t->all.rows() == 4);
    CHECK(std::isnan(t->all.X(1, 0)));
    CHECK(std::isnan(t->all.X(2, 1)));
  }
  SUBCASE("a missing target drops the row under any imputation") {
    CsvOptions o;
    o.impute = Impute::Median;
    auto t = load("a,y\n1,0.5\n2,?\n3,1.5\n", o, d);
    REQUIRE(t);
    CHECK(t->all.rows() == 2);
  }
  SUBCASE("many missing cells in one column: one error with the count and the first few places") {
    std::string many = "a,y\n";
    for (int i = 0; i < 12; ++i) many += ",0.5\n";
    many += "1,0.5\n";
    CHECK_FALSE(load(many, {}, d));
    REQUIRE(d.error_count() == 1);
    const Diagnostic& e = d.all().front();
    CHECK(e.message == "12 missing values in column `a`");
    REQUIRE(e.at);
    CHECK(e.at->line == 2);
    REQUIRE(e.notes.size() == 1);
    CHECK(e.notes[0] == "also at 3:1, 4:1, 5:1, 6:1 and 7 more");
  }
}

TEST_CASE("csv table: a malformed number gives its exact line and column") {
  Diagnostics d;
  CHECK_FALSE(load("a,b,y\n1,2,0.5\n3,4x,1.5\n5,6,2.5\n", {}, d));
  const Diagnostic* e = find_code(d, "E0806");
  REQUIRE(e);
  REQUIRE(e->at);
  CHECK(e->at->line == 3);
  CHECK(e->at->col == 3);
  CHECK(e->message.find("`4x`") != std::string::npos);
  SUBCASE("with impute it is treated as missing, with a warning") {
    Diagnostics w;
    CsvOptions o;
    o.impute = Impute::Mean;
    auto t = load("a,b,y\n1,2,0.5\n3,4x,1.5\n5,6,2.5\n", o, w);
    REQUIRE(t);
    CHECK_FALSE(w.has_errors());
    CHECK(w.warning_count() == 1);
    CHECK(std::isnan(t->all.X(1, 1)));
  }
}

TEST_CASE("csv table: file-level problems") {
  Diagnostics d;
  SUBCASE("empty file") {
    CHECK_FALSE(load("", {}, d));
    CHECK(find_code(d, "E0804"));
  }
  SUBCASE("header only") {
    CHECK_FALSE(load("a,b\n", {}, d));
    const Diagnostic* e = find_code(d, "E0804");
    REQUIRE(e);
    CHECK(e->message.find("no data rows") != std::string::npos);
  }
  SUBCASE("ragged row") {
    CHECK_FALSE(load("a,b\n1,2\n3\n", {}, d));
    const Diagnostic* e = find_code(d, "E0803");
    REQUIRE(e);
    CHECK(e->at->line == 3);
  }
  SUBCASE("unclosed quote") {
    CHECK_FALSE(load("a,b\n1,\"2\n", {}, d));
    const Diagnostic* e = find_code(d, "E0802");
    REQUIRE(e);
    CHECK(e->at->line == 2);
    CHECK(e->at->col == 3);
  }
  SUBCASE("missing file") {
    CHECK_FALSE(load_csv("/nonexistent/exp/data.csv", {}, d));
    CHECK(find_code(d, "E0801"));
  }
  SUBCASE("a column named twice: both places") {
    CHECK_FALSE(load("a,b,a\n1,2,3\n4,5,6\n", {}, d));
    const Diagnostic* e = find_code(d, "E0811");
    REQUIRE(e);
    CHECK(e->at->line == 1);
    CHECK(e->at->col == 5);
    CHECK(e->message.find("column 1 (at 1:1) and column 3") != std::string::npos);
  }
  SUBCASE("a header column without a name") {
    CHECK_FALSE(load("a, ,y\n1,2,3\n4,5,6\n", {}, d));
    const Diagnostic* e = find_code(d, "E0811");
    REQUIRE(e);
    CHECK(e->message == "column 2 of the header has no name");
  }
  SUBCASE("bytes that are not UTF-8, in a cell or a name: at their line and column") {
    CHECK_FALSE(load("a,y\n1,red\n2,bl\xFFue\n", {}, d));
    const Diagnostic* e = find_code(d, "E0802");
    REQUIRE(e);
    CHECK(e->at->line == 3);
    CHECK(e->at->col == 5);
    CHECK(e->message.find("0xFF") != std::string::npos);
    Diagnostics h;
    CHECK_FALSE(load("a,\"x\ny\xC3\",z\n1,2,3\n", {}, h));  // a truncated sequence on a quoted name's 2nd line
    const Diagnostic* n = find_code(h, "E0802");
    REQUIRE(n);
    CHECK(n->at->line == 2);
    CHECK(n->at->col == 2);
  }
  SUBCASE("valid UTF-8 names and labels load") {
    auto t = load("größe,art\n1,café\n2,naïve\n", {}, d);
    REQUIRE(t);
    CHECK(t->info.class_names == std::vector<std::string>{"café", "naïve"});
  }
  SUBCASE("BOM, CRLF and quoted fields load like plain text") {
    auto t = load("\xEF\xBB\xBF\"a\",b\r\n\"1\",\"x, y\"\r\n2,z\r\n", {}, d);
    REQUIRE(t);
    CHECK(t->info.feature_names == std::vector<std::string>{"a"});
    CHECK(t->info.class_names == std::vector<std::string>{"x, y", "z"});
  }
}

TEST_CASE("csv table: prediction files are encoded with the saved schema") {
  Diagnostics d;
  auto t = load("color,size,kind\nred,1,a\nblue,2,b\nred,3,a\n", {}, d);
  REQUIRE(t);
  // Round trip the schema through JSON, as the model file does.
  std::string error;
  auto schema = schema_from_json(to_json(t->schema), error);
  REQUIRE(schema);
  CHECK(schema->feature_names() == t->info.feature_names);
  CHECK(schema->class_names == t->info.class_names);

  SUBCASE("columns in another order, no target") {
    TempCsv f("size,color\n5,blue\n6,red\n");
    auto p = load_csv_with_schema(f.str(), *schema, d);
    REQUIRE(p);
    CHECK(p->all.X.rows() == 2);
    CHECK(p->all.X(0, 0) == 1.0f);  // color=blue
    CHECK(p->all.X(0, 2) == 5.0f);  // size
    CHECK(p->all.X(1, 1) == 1.0f);  // color=red
    CHECK(p->all.Y.size() == 0);
  }
  SUBCASE("with the target: labels for scoring") {
    TempCsv f("color,size,kind\nblue,5,b\n");
    auto p = load_csv_with_schema(f.str(), *schema, d);
    REQUIRE(p);
    CHECK(p->all.labels == std::vector<int>{1});
    CHECK(p->scored == std::vector<size_t>{0});
  }
  SUBCASE("an unknown or missing label leaves only that row unscored, with one warning") {
    TempCsv f("color,size,kind\nblue,5,b\nred,6,zebra\nred,7,a\nblue,8,\n");
    auto p = load_csv_with_schema(f.str(), *schema, d);
    REQUIRE(p);
    CHECK(p->scored == std::vector<size_t>{0, 2});
    CHECK(p->all.labels[0] == 1);
    CHECK(p->all.labels[2] == 0);
    const Diagnostic* w = find_code(d, "W0803");
    REQUIRE(w);
    CHECK(w->message.find("2 of 4 rows") != std::string::npos);
    CHECK(w->at->line == 3);
  }
  SUBCASE("a missing cell the model cannot fill: the help is about predicting") {
    TempCsv f("color,size\nblue,\n");
    CHECK_FALSE(load_csv_with_schema(f.str(), *schema, d));
    const Diagnostic* e = find_code(d, "E0805");
    REQUIRE(e);
    CHECK(e->help.find("impute:` to the data source") == std::string::npos);
    CHECK(e->help.find("trained without `impute:`") != std::string::npos);
  }
  SUBCASE("an unseen level is a warning and all zeros") {
    TempCsv f("color,size\ngreen,5\n");
    auto p = load_csv_with_schema(f.str(), *schema, d);
    REQUIRE(p);
    CHECK(find_code(d, "W0801"));
    CHECK(p->all.X(0, 0) == 0.0f);
    CHECK(p->all.X(0, 1) == 0.0f);
  }
  SUBCASE("a missing column is an error") {
    TempCsv f("color\nred\n");
    CHECK_FALSE(load_csv_with_schema(f.str(), *schema, d));
    CHECK(find_code(d, "E0810"));
  }
  SUBCASE("a corrupt schema is rejected with a message") {
    nlohmann::json j = to_json(t->schema);
    j["features"][0]["levels"] = 3;
    CHECK_FALSE(schema_from_json(j, error));
    CHECK(error.find("levels") != std::string::npos);
    CHECK_FALSE(schema_from_json(nlohmann::json::array(), error));
  }
}

TEST_CASE("csv table: `sep:` reads a semicolon or tab file, and the schema keeps the separator for predict") {
  for (char sep : {';', '\t', '|'}) {
    std::string text = "x;color;y\n1;red;a\n2;blue;b\n3;red;a\n";
    std::replace(text.begin(), text.end(), ';', sep);
    Diagnostics d;
    CsvOptions o;
    o.sep = sep;
    auto t = load(text, o, d);
    REQUIRE(t);
    CHECK_FALSE(d.has_errors());
    CHECK(t->info.feature_names == std::vector<std::string>{"x", "color=blue", "color=red"});
    CHECK(t->schema.sep == sep);
    std::string error;
    auto back = schema_from_json(to_json(t->schema), error);
    REQUIRE(back);
    CHECK(back->sep == sep);
    TempCsv predict(text);
    Diagnostics pd;
    auto p = load_csv_with_schema(predict.str(), *back, pd, back->sep);
    REQUIRE(p);
    CHECK(p->all.X.rows() == 3);
    CHECK(p->all.X(1, 1) == 1.0f);
  }
}

TEST_CASE("csv table: a semicolon file read with commas is an error with the separator hint") {
  Diagnostics d;
  CsvOptions o;
  o.target = "y";
  auto t = load("a;b;y\n1;2;0\n3;4;1\n", o, d);
  CHECK_FALSE(t);
  const Diagnostic* e = find_code(d, "E0807");
  REQUIRE(e);
  CHECK(e->help.find("write `sep: \";\"`") != std::string::npos);
  Diagnostics d2;
  CHECK_FALSE(load("a;b;y\n1;2;0\n3;4;1\n", {}, d2));
  const Diagnostic* none = find_code(d2, "E0804");
  REQUIRE(none);
  CHECK(none->help.find("holds 2 semicolons") != std::string::npos);
}

TEST_CASE("csv table: a date column becomes year, month, day of week and days since 1970") {
  Diagnostics d;
  CsvOptions o;
  o.target = "y";
  o.impute = Impute::Mean;
  auto t = load("when,y\n2024-02-29,a\n1970-01-01T08:00:00Z,b\nNA,a\n2024-03-04,b\n", o, d);
  REQUIRE(t);
  CHECK_FALSE(d.has_errors());
  CHECK(t->info.feature_names == std::vector<std::string>{"when.year", "when.month", "when.dayofweek", "when.days"});
  CHECK(t->all.X(0, 0) == 2024.0f);
  CHECK(t->all.X(0, 1) == 2.0f);
  CHECK(t->all.X(0, 2) == 3.0f);  // Thursday
  CHECK(t->all.X(0, 3) == 19782.0f);
  CHECK(t->all.X(1, 3) == 0.0f);
  CHECK(std::isnan(t->all.X(2, 3)));  // missing: filled from the training part's days (preprocess.h)
  REQUIRE(t->schema.features.size() == 1);
  CHECK(t->schema.features[0].date);
  std::string error;
  auto back = schema_from_json(to_json(t->schema), error);
  REQUIRE(back);
  CHECK(back->features[0].date);
  CHECK(back->width() == 4);
}

TEST_CASE("prepare_data-style fill of a missing date: one whole day, every part derived from it") {
  Schema s;
  SchemaColumn c;
  c.name = "when";
  c.date = true;
  s.features = {c};
  s.impute = Impute::Median;
  Part train;
  train.X.resize(3, 4);
  const float nan = std::nanf("");
  train.X << 2024, 2, 3, 19782, 2024, 3, 0, 19786, nan, nan, nan, nan;
  Part other;
  other.X.resize(1, 4);
  other.X << nan, nan, nan, nan;
  fit_and_fill_missing(s, train, {&other});
  CHECK(s.features[0].fill == 19784);  // the median day, 2024-03-02 (a Saturday)
  CHECK(train.X(2, 0) == 2024.0f);
  CHECK(train.X(2, 1) == 3.0f);
  CHECK(train.X(2, 2) == 5.0f);
  CHECK(other.X(0, 3) == 19784.0f);
}

TEST_CASE("predicting on a date column: the same features; a cell that is not a date is an error or, with a fill, a warning") {
  Diagnostics d;
  CsvOptions o;
  o.target = "y";
  auto t = load("when,x,y\n2024-02-29,1,a\n2024-03-01,2,b\n2024-03-04,3,b\n", o, d);
  REQUIRE(t);
  TempCsv ok("x,when\n5,2025-01-01\n");
  Diagnostics pd;
  auto p = load_csv_with_schema(ok.str(), t->schema, pd);
  REQUIRE(p);
  CHECK(p->all.X(0, 0) == 2025.0f);
  CHECK(p->all.X(0, 4) == 5.0f);
  TempCsv bad("x,when\n5,01/02/2025\n");
  Diagnostics bd;
  CHECK_FALSE(load_csv_with_schema(bad.str(), t->schema, bd));
  REQUIRE(find_code(bd, "E0806"));
  CHECK(find_code(bd, "E0806")->message.find("not an ISO 8601 date") != std::string::npos);
  Schema filled = t->schema;
  filled.features[0].fill = 19782;
  Diagnostics wd;
  auto w = load_csv_with_schema(bad.str(), filled, wd);
  REQUIRE(w);
  CHECK(find_code(wd, "W0802"));
  CHECK(w->all.X(0, 3) == 19782.0f);
}

TEST_CASE("csv table: several targets (`target: [\"a\", \"b\"]`)") {
  Diagnostics d;
  CsvOptions o;
  o.target = "b";
  o.targets = {"b", "a"};
  o.impute = Impute::Mean;
  auto t = load("a,x,b,n\n1,10,2,7\n,11,4,8\n3,12,6,9\n", o, d);  // row 2's a is missing: the row is dropped
  REQUIRE(t);
  CHECK_FALSE(d.has_errors());
  CHECK(t->info.task == Task::Regression);
  CHECK(t->info.target_names() == std::vector<std::string>{"b", "a"});
  CHECK(t->info.feature_names == std::vector<std::string>{"x", "n"});  // no target is a feature
  REQUIRE(t->all.Y.cols() == 2);
  REQUIRE(t->all.Y.rows() == 2);
  CHECK(t->all.Y(0, 0) == 2.0f);  // b, then a: the order written
  CHECK(t->all.Y(0, 1) == 1.0f);
  CHECK(t->all.Y(1, 0) == 6.0f);

  std::string error;
  auto schema = schema_from_json(to_json(t->schema), error);
  REQUIRE(schema);
  CHECK(schema->targets == std::vector<std::string>{"b", "a"});
  SUBCASE("a prediction file with every target is scored on the rows where all are known") {
    TempCsv f("n,x,a,b\n1,2,3,4\n1,2,,4\n");
    auto p = load_csv_with_schema(f.str(), *schema, d);
    REQUIRE(p);
    CHECK(p->scored == std::vector<size_t>{0});
    CHECK(p->all.Y(0, 0) == 4.0f);
    CHECK(p->all.Y(0, 1) == 3.0f);
    const Diagnostic* w = find_code(d, "W0803");
    REQUIRE(w);
    CHECK(w->message.find("target columns `b`, `a`") != std::string::npos);
  }
  SUBCASE("a text column among several targets is E0808") {
    Diagnostics e;
    CsvOptions text;
    text.target = "a";
    text.targets = {"a", "kind"};
    CHECK_FALSE(load("a,x,kind\n1,2,dog\n3,4,cat\n", text, e));
    const Diagnostic* bad = find_code(e, "E0808");
    REQUIRE(bad);
    CHECK(bad->message.find("`kind` holds text") != std::string::npos);
  }
  SUBCASE("a saved schema whose targets do not start with its target is refused") {
    auto j = to_json(t->schema);
    j["targets"] = {"a", "b"};
    CHECK_FALSE(schema_from_json(j, error));
  }
}
