// The CSV tokenizer (stdlib/csv.h) and the shared reading and typing of a
// CSV data set (stdlib/csv_table.h).
#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cstdio>
#include <random>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "stdlib/builtins.h"
#include "stdlib/csv.h"
#include "stdlib/csv_table.h"
#include "stdlib/iso_date.h"
#include <sys/stat.h>

using namespace xp::stdlib::csv;

namespace {

struct Parsed {
  std::vector<std::vector<Field>> records;
  std::optional<Error> error;
};

Parsed parse(const std::string& text) {
  std::istringstream in(text);
  Reader reader(in);
  Parsed out;
  std::vector<Field> fields;
  while (reader.next(fields)) out.records.push_back(fields);
  out.error = reader.error();
  return out;
}

std::vector<std::string> texts(const std::vector<Field>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.text);
  return out;
}

// A file in the temp folder, removed when the test ends.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& contents) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("exp_test_csv_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".csv");
    std::ofstream(path, std::ios::binary) << contents;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("csv: plain records with line and column of every field") {
  auto p = parse("a,b,c\n1,22,333\n");
  REQUIRE_FALSE(p.error);
  REQUIRE(p.records.size() == 2);
  CHECK(texts(p.records[0]) == std::vector<std::string>{"a", "b", "c"});
  CHECK(texts(p.records[1]) == std::vector<std::string>{"1", "22", "333"});
  CHECK(p.records[1][0].line == 2);
  CHECK(p.records[1][0].col == 1);
  CHECK(p.records[1][1].col == 3);
  CHECK(p.records[1][2].col == 6);
}

TEST_CASE("csv: quoted fields") {
  SUBCASE("embedded comma and doubled quote") {
    auto p = parse("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n");
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[1][0].text == "Smith, J");
    CHECK(p.records[1][0].quoted);
    CHECK(p.records[1][1].text == "said \"hi\"");
  }
  SUBCASE("embedded newline keeps the line count right") {
    auto p = parse("a,b\n\"line1\nline2\",x\ny,z\n");
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 3);
    CHECK(p.records[1][0].text == "line1\nline2");
    CHECK(p.records[1][1].line == 3);
    CHECK(p.records[1][1].col == 8);
    CHECK(p.records[2][0].line == 4);
  }
  SUBCASE("empty quoted field and trailing empty field") {
    auto p = parse("a,b,c\n\"\",x,\n");
    REQUIRE_FALSE(p.error);
    CHECK(texts(p.records[1]) == std::vector<std::string>{"", "x", ""});
  }
  SUBCASE("a quote inside an unquoted field is literal") {
    auto p = parse("a\n5\" pipe\n");
    REQUIRE_FALSE(p.error);
    CHECK(p.records[1][0].text == "5\" pipe");
  }
  SUBCASE("unclosed quote points at the opening quote") {
    auto p = parse("a,b\n1,\"oops\n2,3\n");
    REQUIRE(p.error);
    CHECK(p.error->line == 2);
    CHECK(p.error->col == 3);
  }
  SUBCASE("text after a closing quote is an error at that text") {
    auto p = parse("a,b\n\"x\"y,2\n");
    REQUIRE(p.error);
    CHECK(p.error->line == 2);
    CHECK(p.error->col == 4);
  }
}

TEST_CASE("csv: line endings, BOM and blank lines") {
  SUBCASE("CRLF") {
    auto p = parse("a,b\r\n1,2\r\n3,4\r\n");
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 3);
    CHECK(texts(p.records[2]) == std::vector<std::string>{"3", "4"});
    CHECK(p.records[2][1].line == 3);
    CHECK(p.records[2][1].col == 3);
  }
  SUBCASE("lone CR and no final newline") {
    auto p = parse("a,b\r1,2");
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 2);
    CHECK(texts(p.records[1]) == std::vector<std::string>{"1", "2"});
  }
  SUBCASE("BOM is skipped and not counted in columns") {
    auto p = parse("\xEF\xBB\xBFx,y\n1,2\n");
    REQUIRE_FALSE(p.error);
    CHECK(p.records[0][0].text == "x");
    CHECK(p.records[0][0].col == 1);
  }
  SUBCASE("blank lines are skipped") {
    auto p = parse("a\n\n1\n\r\n2\n\n");
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 3);
    CHECK(p.records[2][0].line == 5);
  }
  SUBCASE("empty input") {
    auto p = parse("");
    CHECK_FALSE(p.error);
    CHECK(p.records.empty());
  }
}

TEST_CASE("csv: field size is capped") {
  std::string big = "a\n\"" + std::string(kMaxFieldBytes + 10, 'x') + "\"\n";
  auto p = parse(big);
  REQUIRE(p.error);
  CHECK(p.error->line == 2);
}

TEST_CASE("csv: missing values and numbers") {
  for (const char* m : {"", " ", "NA", "na", "N/A", "NaN", "nan", "null", "?", " ? "}) CHECK(is_missing(m));
  CHECK_FALSE(is_missing("0"));
  CHECK_FALSE(is_missing("none of these"));
  CHECK(parse_number("1.5") == 1.5);
  CHECK(parse_number(" -2e3 ") == -2000.0);
  CHECK(parse_number("+4") == 4.0);
  CHECK_FALSE(parse_number("1.5x"));
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("nan"));
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("1,5"));
  CHECK(level_text(" 2.0 ") == "2");
  CHECK(level_text("0.50") == "0.5");
  CHECK(level_text(" red ") == "red");
}

TEST_CASE("csv: the fast path for plain decimals gives from_chars' value, bit for bit") {
  // parse_number reads `-12.345` itself (Clinger's fast path) and leaves the
  // rest to std::from_chars; both must agree on every plain decimal.
  auto reference = [](const std::string& s) {
    std::string_view t = s;
    if (!t.empty() && t.front() == '+') t.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && end == t.data() + t.size() ? std::optional<double>(v) : std::nullopt;
  };
  std::mt19937_64 rng(7);
  std::vector<std::string> cases = {"0", "-0", "-0.000000", "1.", ".5", "-.5", "007", "123456789012345",
                                    "1234567890123456", "0.1", "0.2", "0.3", "9007199254740993", "3.4028235",
                                    "999999999999999", "0.000000000000001", "-", ".", "1.2.3", "--1", "1-"};
  for (int i = 0; i < 200000; ++i) {
    int whole = static_cast<int>(rng() % 9), frac = static_cast<int>(rng() % 9);
    std::string s = rng() % 2 ? "-" : "";
    for (int k = 0; k < whole; ++k) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 4) {
      s += '.';
      for (int k = 0; k < frac; ++k) s += static_cast<char>('0' + rng() % 10);
    }
    cases.push_back(s);
  }
  for (const auto& s : cases) {
    auto got = parse_number(s), want = reference(s);
    REQUIRE_MESSAGE(got.has_value() == want.has_value(), s);
    if (got) REQUIRE_MESSAGE(std::bit_cast<uint64_t>(*got) == std::bit_cast<uint64_t>(*want), s);
  }
}

namespace {
// read_columns + analyse, the shared steps of the checker's probe and the loader.
Analysis analyse_text(const std::string& text, TableOptions o = {}) {
  TempFile f(text);
  auto read = read_columns(f.path.string(), wanted_columns(o), o.sep);
  REQUIRE(read.table);
  return analyse(*read.table, o);
}
ReadResult read_text(const std::string& text) {
  TempFile f(text);
  return read_columns(f.path.string(), {});
}
}  // namespace

TEST_CASE("csv table: typing, target and task in one place for check and run") {
  SUBCASE("text target is classification with sorted classes; a missing target drops its row") {
    TableOptions o;
    o.target = "kind";
    o.impute = Impute::Mean;
    auto a = analyse_text("x,kind\n1,b\n2,a\n3,b\n4,NA\n", o);
    REQUIRE(a.shape);
    CHECK(a.shape->task == Task::Classification);
    CHECK(a.shape->classes == std::vector<std::string>{"a", "b"});
    CHECK(a.shape->rows.size() == 3);
  }
  SUBCASE("default target is the last column; integers are canonicalised") {
    auto a = analyse_text("a,y\n1,2\n1,2.0\n1,10\n");
    REQUIRE(a.shape);
    CHECK(a.shape->target == "y");
    CHECK(a.shape->classes == std::vector<std::string>{"2", "10"});
  }
  SUBCASE("real-valued target is regression") {
    auto a = analyse_text("a,y\n1,0.5\n2,1.5\n");
    REQUIRE(a.shape);
    CHECK(a.shape->task == Task::Regression);
  }
  SUBCASE("many distinct integers is regression") {
    std::string text = "a,y\n";
    for (int i = 0; i < 30; ++i) text += "1," + std::to_string(i) + "\n";
    auto a = analyse_text(text);
    REQUIRE(a.shape);
    CHECK(a.shape->task == Task::Regression);
  }
  SUBCASE("text features are one-hot wide; onehot widens a numeric column") {
    TableOptions o;
    o.categorical = {"n"};
    auto a = analyse_text("c,n,y\nred,1,0\nblue,2,1\nred,3,0\n", o);
    REQUIRE(a.shape);
    CHECK(a.shape->width() == 5);
  }
  SUBCASE("unknown target and columns are problems naming the column") {
    TableOptions o;
    o.target = "specie";
    auto a = analyse_text("a,species\n1,x\n2,y\n", o);
    CHECK_FALSE(a.shape);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].kind == Problem::Kind::UnknownColumn);
    CHECK(a.problems[0].column == "specie");
  }
  SUBCASE("missing cells without impute: one problem per column with the count") {
    auto a = analyse_text("a,y\n,0\n,1\n,0\n1,1\n");
    CHECK_FALSE(a.shape);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].kind == Problem::Kind::MissingValues);
    CHECK(a.problems[0].count == 3);
    CHECK(a.problems[0].cells.size() == 3);
  }
  SUBCASE("header only") {
    auto a = analyse_text("a,b\n");
    CHECK_FALSE(a.shape);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].kind == Problem::Kind::NoRows);
  }
  SUBCASE("ragged rows: too many fields points at the first extra one") {
    auto r = read_text("a,b\n1,2\n3,4,5\n");
    REQUIRE(r.error);
    CHECK(r.error->kind == Error::Kind::Ragged);
    CHECK(r.error->line == 3);
    CHECK(r.error->col == 5);
  }
  SUBCASE("empty file") {
    auto r = read_text("");
    REQUIRE(r.error);
    CHECK(r.error->kind == Error::Kind::NoData);
  }
  SUBCASE("missing file") {
    auto r = read_columns("/nonexistent/exp/file.csv", {});
    REQUIRE(r.error);
    CHECK(r.error->kind == Error::Kind::Unreadable);
    CHECK(r.error->message.find("cannot open") != std::string::npos);
  }
  SUBCASE("the shipped iris file, with its documented target") {
    const ShippedDataset* iris = find_shipped("iris");
    REQUIRE(iris);
    TableOptions o;
    o.target = std::string(iris->target);
    auto read = read_columns(shipped_path("iris"), {});
    REQUIRE(read.table);
    CHECK(read.table->rows == 150);
    auto a = analyse(*read.table, o);
    REQUIRE(a.shape);
    CHECK(a.shape->classes == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(a.shape->width() == 4);
  }
}

TEST_CASE("csv table: columns are found by name in constant time, whatever the header's width") {
  // Behaviour, not timing: every one of many columns is found, and the
  // wanted filter keeps only the named ones (the lookup is a hash index).
  std::string header, row;
  const int n = 5000;
  for (int i = 0; i < n; ++i) {
    header += (i ? "," : "") + std::string("c") + std::to_string(i);
    row += (i ? "," : "") + std::to_string(i % 7);
  }
  TempFile f(header + ",y\n" + row + ",0\n" + row + ",1\n");
  auto read = read_columns(f.path.string(), {});
  REQUIRE(read.table);
  CHECK(read.table->columns.size() == n + 1);
  for (int i = 0; i < n; i += 997) {
    const RawColumn* c = read.table->find("c" + std::to_string(i));
    REQUIRE(c);
    CHECK(c->numbers[0] == i % 7);
  }
  CHECK_FALSE(read.table->find("nope"));
  TableOptions o;
  o.target = "y";
  o.columns = {"c4999", "c0"};
  auto some = read_columns(f.path.string(), wanted_columns(o));
  REQUIRE(some.table);
  CHECK(some.table->columns.size() == 3);
  auto a = analyse(*some.table, o);
  REQUIRE(a.shape);
  CHECK(a.shape->features[0].name == "c4999");
}

TEST_CASE("csv: special files are refused before they are opened") {
  std::string error;
  CHECK_FALSE(Reader::open("/dev/zero", error));
  CHECK(error.find("is a device, not a regular file") != std::string::npos);
  CHECK_FALSE(Reader::open(std::filesystem::temp_directory_path().string(), error));
  CHECK(error.find("is a folder") != std::string::npos);
  // A FIFO: opening it for reading would block until a writer comes.
  auto fifo = std::filesystem::temp_directory_path() / ("exp-test-fifo-" + std::to_string(::getpid()));
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(Reader::open(fifo.string(), error));
  CHECK(error.find("is a FIFO (named pipe), not a regular file") != std::string::npos);
  auto read = read_columns(fifo.string(), {});
  REQUIRE(read.error);
  CHECK(read.error->kind == Error::Kind::Unreadable);
  std::filesystem::remove(fifo);
}

TEST_CASE("csv: invalid_utf8 finds the first byte that is not UTF-8") {
  CHECK_FALSE(invalid_utf8("plain ascii"));
  CHECK_FALSE(invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK(invalid_utf8("ab\xFF") == 2u);
  CHECK(invalid_utf8("\xC3") == 0u);              // truncated
  CHECK(invalid_utf8("\xC0\xAF") == 0u);          // overlong '/'
  CHECK(invalid_utf8("\xED\xA0\x80") == 0u);      // a surrogate
  CHECK(invalid_utf8("\xF4\x90\x80\x80") == 0u); // beyond U+10FFFF
  CHECK(invalid_utf8("x\xE2\x82") == 1u);         // truncated 3-byte sequence
}

TEST_CASE("csv: another separator splits fields; commas inside them are text") {
  SUBCASE("semicolons, with a decimal comma left as text") {
    std::istringstream in("a;b;y\n1,5;\"x;y\";0\n");
    Reader reader(in, ';');
    std::vector<Field> f;
    REQUIRE(reader.next(f));
    CHECK(texts(f) == std::vector<std::string>{"a", "b", "y"});
    REQUIRE(reader.next(f));
    CHECK(texts(f) == std::vector<std::string>{"1,5", "x;y", "0"});
    CHECK(f[2].col == 11);
  }
  SUBCASE("tabs: a tab after a closing quote is the separator, not padding") {
    std::istringstream in("a\tb\n\"q\"\t2\n");
    Reader reader(in, '\t');
    std::vector<Field> f;
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(texts(f) == std::vector<std::string>{"q", "2"});
    CHECK_FALSE(reader.error());
  }
}

TEST_CASE("csv: separators accepted by `sep:` and the hint for a header read as one column") {
  CHECK(parse_separator(";") == ';');
  CHECK(parse_separator("\t") == '\t');
  CHECK(parse_separator("|") == '|');
  CHECK(parse_separator(",") == ',');
  CHECK_FALSE(parse_separator(";;"));
  CHECK_FALSE(parse_separator(""));
  CHECK_FALSE(parse_separator("."));
  CHECK(separator_text('\t') == "\\t");
  CHECK(separator_hint({"a;b;y"}).find("holds 2 semicolons") != std::string::npos);
  CHECK(separator_hint({"a;b;y"}).find("`sep: \";\"`") != std::string::npos);
  CHECK(separator_hint({"a\tb"}).find("holds 1 tab:") != std::string::npos);
  CHECK(separator_hint({"a,b"}).find("leave `sep:` out") != std::string::npos);  // read with `sep: ";"`
  CHECK(separator_hint({"a", "b;c"}).empty());  // more than one column: the separator works
  CHECK(separator_hint({"abc"}).empty());
  // `exp predict`'s advice is its option, and a comma is worth passing there (the training file's may differ).
  CHECK(separator_hint({"a\tb"}, SeparatorAdvice::CommandLine).find("pass `--sep \"\\t\"`") != std::string::npos);
  CHECK(separator_hint({"a,b"}, SeparatorAdvice::CommandLine).find("leave") == std::string::npos);
}

TEST_CASE("csv table: a semicolon file read with commas says which separator to use") {
  TempFile f("a;b;y\n1;2;0\n3;4;1\n");
  SUBCASE("read as one column, the default target leaves no feature") {
    auto read = read_columns(f.path.string(), {});
    REQUIRE(read.table);
    CHECK(read.table->header == std::vector<std::string>{"a;b;y"});
    auto a = analyse(*read.table, {});
    REQUIRE_FALSE(a.shape);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].kind == Problem::Kind::NoFeatures);
  }
  SUBCASE("with `sep: \";\"` it is three columns") {
    TableOptions o;
    o.sep = ';';
    auto read = read_columns(f.path.string(), {}, o.sep);
    REQUIRE(read.table);
    CHECK(read.table->header == std::vector<std::string>{"a", "b", "y"});
    auto a = analyse(*read.table, o);
    REQUIRE(a.shape);
    CHECK(a.shape->features.size() == 2);
    CHECK(a.shape->features[1].numeric);
  }
  SUBCASE("a ragged row of a file read with the wrong separator carries the hint") {
    TempFile g("a;b;y\n1;2,5;0\n");
    auto read = read_columns(g.path.string(), {});
    REQUIRE(read.error);
    CHECK(read.error->kind == Error::Kind::Ragged);
    CHECK(read.error->help.find("`sep: \";\"`") != std::string::npos);
  }
}

TEST_CASE("iso dates: parsed to days since 1970, with year, month and day of week") {
  CHECK(parse_iso_date("1970-01-01") == 0);
  CHECK(parse_iso_date("1970-01-02") == 1);
  CHECK(parse_iso_date("1969-12-31") == -1);
  CHECK(parse_iso_date("2000-03-01") == 11017);  // across a leap day of a year divisible by 400
  CHECK(parse_iso_date("2024-02-29") == 19782);
  CHECK(parse_iso_date(" 2024-02-29T13:45:10.5Z ") == 19782);  // the time is accepted, not used
  CHECK(parse_iso_date("2024-02-29 13:45") == 19782);
  CHECK(parse_iso_date("2024-02-29T13:45+02:00") == 19782);
  CHECK_FALSE(parse_iso_date("2023-02-29"));  // not a leap year
  CHECK_FALSE(parse_iso_date("1900-02-29"));  // a century that is not a leap year
  CHECK_FALSE(parse_iso_date("2024-13-01"));
  CHECK_FALSE(parse_iso_date("2024-1-5"));
  CHECK_FALSE(parse_iso_date("05/03/2024"));
  CHECK_FALSE(parse_iso_date("2024-02-29T25:00"));
  CHECK_FALSE(parse_iso_date("2024-02-29x"));
  CHECK_FALSE(parse_iso_date("2024"));
  auto p = date_parts(19782);  // 2024-02-29, a Thursday
  CHECK(p[0] == 2024);
  CHECK(p[1] == 2);
  CHECK(p[2] == 3);  // Monday is 0
  CHECK(p[3] == 19782);
  CHECK(date_parts(*parse_iso_date("2024-03-04"))[2] == 0);   // a Monday
  CHECK(date_parts(*parse_iso_date("1969-12-28"))[2] == 6);   // a Sunday before the epoch
  CHECK(date_parts(*parse_iso_date("1600-01-01"))[0] == 1600);
}

namespace {
// 24 rows: an id per row, a date, a 2-level plan, 12 cities, one country, the target.
std::string churn_text() {
  std::string text = "id,signup,plan,city,country,tenure,churn\n";
  for (int i = 0; i < 24; ++i)
    text += "C" + std::to_string(100 + i) + ",2023-" + (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-15," +
            (i % 3 ? "basic" : "pro") + ",city" + std::to_string(i % 12) + ",NL," + std::to_string(i + 1) + "," +
            (i % 2 ? "yes" : "no") + "\n";
  return text;
}
std::vector<Problem::Kind> kinds(const Analysis& a) {
  std::vector<Problem::Kind> out;
  for (const auto& p : a.problems) out.push_back(p.kind);
  return out;
}
}  // namespace

TEST_CASE("csv table: `drop:`, date columns and the column warnings") {
  using K = Problem::Kind;
  TableOptions o;
  o.target = "churn";
  SUBCASE("every column: an id, a high-cardinality text column, a constant, a row counter; dates are not one-hot") {
    auto a = analyse_text(churn_text(), o);
    REQUIRE(a.shape);
    CHECK(kinds(a) == std::vector<K>{K::IdLike, K::HighCardinality, K::Constant, K::IdLike});
    CHECK(a.problems[0].column == "id");
    CHECK(a.problems[0].count == 24);
    CHECK(a.problems[1].column == "city");
    CHECK(a.problems[1].count == 12);
    CHECK(a.problems[2].column == "country");
    CHECK(a.problems[2].cells.front().text == "NL");
    CHECK(a.problems[3].column == "tenure");  // 1..24: an integer row counter
    for (const auto& p : a.problems) CHECK_FALSE(p.error());
    const FeatureColumn& signup = a.shape->features[1];
    CHECK(signup.name == "signup");
    CHECK(signup.date);
    CHECK_FALSE(signup.categorical);
    CHECK(signup.width() == 4);
  }
  SUBCASE("`drop:` leaves columns out, in any order, and silences their warnings") {
    o.drop = {"country", "id", "city"};
    auto a = analyse_text(churn_text(), o);
    REQUIRE(a.shape);
    std::vector<std::string> names;
    for (const auto& f : a.shape->features) names.push_back(f.name);
    CHECK(names == std::vector<std::string>{"signup", "plan", "tenure"});
    CHECK(a.shape->width() == 4 + 2 + 1);
    CHECK(kinds(a) == std::vector<K>{K::IdLike});
  }
  SUBCASE("`drop:` beside `columns:` keeps the listed columns but the dropped ones") {
    o.columns = {"plan", "tenure", "id"};
    o.drop = {"id"};
    auto a = analyse_text(churn_text(), o);
    REQUIRE(a.shape);
    CHECK(a.shape->features.size() == 2);
  }
  SUBCASE("dropping the target or an unknown column is an error; dropping every feature leaves none") {
    o.drop = {"churn", "nope"};
    auto a = analyse_text(churn_text(), o);
    CHECK_FALSE(a.shape);
    CHECK(kinds(a) == std::vector<K>{K::DroppedTarget, K::UnknownColumn});
    o.drop = {"id", "signup", "plan", "city", "country", "tenure"};
    auto none = analyse_text(churn_text(), o);
    CHECK(kinds(none) == std::vector<K>{K::NoFeatures});
  }
  SUBCASE("`onehot` on a date column keeps it categorical; a column with one non-date is text") {
    o.categorical = {"signup"};
    o.drop = {"id", "city", "country"};
    auto a = analyse_text(churn_text(), o);
    REQUIRE(a.shape);
    CHECK(a.shape->features[0].categorical);
    CHECK_FALSE(a.shape->features[0].date);
    auto mixed = analyse_text("d,y\n2024-01-01,1\nsoon,0\n2024-01-03,1\n");
    REQUIRE(mixed.shape);
    CHECK(mixed.shape->features[0].categorical);
  }
  SUBCASE("few rows: unique values are not called an id") {
    auto a = analyse_text("name,x,y\nann,1,0\nbob,2,1\ncid,3.5,0\n");
    REQUIRE(a.shape);
    CHECK(a.problems.empty());
  }
}

TEST_CASE("csv: views of a record stay whole across the reader's 256 KiB refills, and match the copies") {
  // Records of varied widths (quoted fields, CRLF, a record longer than the
  // buffer) so that refills fall inside fields, between them and inside quotes.
  std::mt19937 rng(7);
  std::string text;
  std::vector<std::vector<std::string>> expected;
  for (int r = 0; r < 3000; ++r) {
    std::vector<std::string> row;
    const int width = 1 + static_cast<int>(rng() % 9);
    for (int c = 0; c < width; ++c) {
      std::string cell(1 + rng() % 40, static_cast<char>('a' + rng() % 26));  // not empty: a lone empty field is a blank line
      if (r == 1500 && c == 0) cell = std::string(600000, 'x');  // longer than the buffer
      const bool quoted = rng() % 5 == 0;
      text += (c ? "," : "") + (quoted ? "\"" + cell + "\"\"q\"" : cell);
      row.push_back(quoted ? cell + "\"q" : cell);
    }
    text += r % 3 ? "\n" : "\r\n";
    expected.push_back(std::move(row));
  }
  std::istringstream in(text);
  Reader reader(in);
  std::vector<FieldView> views;
  size_t at = 0;
  uint32_t line = 1;
  while (reader.next(views)) {
    REQUIRE(at < expected.size());
    REQUIRE(views.size() == expected[at].size());
    for (size_t i = 0; i < views.size(); ++i) CHECK(views[i].text == expected[at][i]);
    CHECK(views[0].line == line);
    CHECK(views[0].col == 1);
    ++at;
    ++line;
  }
  CHECK(!reader.error());
  CHECK(at == expected.size());
  CHECK(parse(text).records.size() == expected.size());
}

TEST_CASE("csv: the one-pass record scan, against records built with their lines and columns") {
  // Quoted fields holding separators, LF, CRLF and doubled quotes; spaces
  // after a closing quote; empty cells; CRLF and LF record ends; no final
  // newline. Over 256 KiB so that refills fall inside quotes and line ends.
  std::mt19937 rng(11);
  std::string text;
  struct Want { std::string text; uint32_t line, col; bool quoted; };
  std::vector<std::vector<Want>> expected;
  uint32_t line = 1, col = 1;
  const char* pieces[] = {"a", ",", "\n", "\r\n", "\"\"", "x y", "-1.5e3", "\xC3\xA9"};
  while (text.size() < 700000) {
    std::vector<Want> row;
    const int width = 1 + static_cast<int>(rng() % 6);
    for (int c = 0; c < width; ++c) {
      if (c) text += ',', ++col;
      Want w{"", line, col, rng() % 3 == 0};
      if (w.quoted) {
        std::string raw;
        for (int k = static_cast<int>(rng() % 5); k > 0; --k) raw += pieces[rng() % std::size(pieces)];
        text += '"';
        ++col;
        for (size_t i = 0; i < raw.size(); ++i) {
          const char ch = raw[i];
          if (ch == '"') {  // "" in the file is one quote in the field
            w.text += '"';
            text += "\"\"";
            col += 2;
            ++i;
            continue;
          }
          w.text += ch;
          text += ch;
          if (ch == '\n') line++, col = 1;
          else if (ch != '\r') ++col;
        }
        text += '"';
        ++col;
        if (rng() % 4 == 0) text += "  ", col += 2;  // blanks after the closing quote are skipped
      } else {
        w.text = rng() % 4 == 0 ? "" : std::to_string(rng() % 100000) + "." + std::to_string(rng() % 1000);
        text += w.text;
        col += static_cast<uint32_t>(w.text.size());
      }
      row.push_back(w);
    }
    if (row.size() == 1 && row[0].text.empty() && !row[0].quoted) row[0] = {"z", line, col, false}, text += "z";
    text += rng() % 2 ? "\n" : "\r\n";
    ++line, col = 1;
    expected.push_back(std::move(row));
  }
  text.pop_back();  // no final newline (a lone CR: still a record end)
  if (text.back() == '\r') text.pop_back();
  std::istringstream in(text);
  Reader reader(in);
  std::vector<FieldView> views;
  size_t at = 0;
  while (reader.next(views)) {
    REQUIRE(at < expected.size());
    REQUIRE(views.size() == expected[at].size());
    for (size_t i = 0; i < views.size(); ++i) {
      const Want& w = expected[at][i];
      REQUIRE(views[i].text == w.text);
      REQUIRE(views[i].line == w.line);
      REQUIRE(views[i].col == w.col);
      REQUIRE(views[i].quoted == w.quoted);
    }
    ++at;
  }
  CHECK(!reader.error());
  CHECK(at == expected.size());
}

TEST_CASE("csv: a CR last in the buffer, and errors found across a refill") {
  SUBCASE("CRLF split by the refill is one line end") {
    std::string text = "a\n" + std::string((size_t{1} << 18) - 3, 'x') + "\r\n" + "y\n";
    auto p = parse(text);
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 3);
    CHECK(p.records[2][0].line == 3);
  }
  SUBCASE("an unclosed quote far from its start is reported at the quote") {
    auto p = parse("a,b\n1,\"" + std::string(300000, 'q'));
    REQUIRE(p.error);
    CHECK(p.error->line == 2);
    CHECK(p.error->col == 3);
  }
  SUBCASE("a bad byte after the first refill is found with its line and column") {
    std::string text = "a,b\n";
    for (int i = 0; i < 100000; ++i) text += "1,2\n";
    text += "3,\xC3\xA9\xFF\n";
    auto p = parse(text);
    REQUIRE(p.error);
    CHECK(p.error->line == 100002);
    CHECK(p.error->col == 5);
  }
}

TEST_CASE("csv: number cells at a float's limits, signs, exponents and the words for missing and infinite") {
  CHECK(parse_number("+1.5") == 1.5);
  CHECK(parse_number("1e-3") == 0.001);
  CHECK(parse_number("-2E+2") == -200.0);
  CHECK(parse_number("3.4028235e38") == 3.4028235e38);
  CHECK(parse_number("1e39") == 1e39);  // a double: the table says it is beyond a float
  CHECK_FALSE(parse_number("1e400"));    // beyond a double: not a finite number
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("-inf"));
  CHECK_FALSE(parse_number("+nan"));
  CHECK_FALSE(parse_number("+-5"));  // one sign at most
  CHECK_FALSE(parse_number("++5"));
  CHECK(parse_number("\t7\t") == 7.0);
  // FLT_MAX is 3.40282346639e38: 3.4028234e38 rounds to it, 3.4028236e38 is beyond it (E0812).
  auto read = read_text("x,y\n3.4028234e38,1\n3.4028236e38,0\n-1e39,1\nnan,0\ninf,1\n+2,0\n");
  REQUIRE(read.table);
  const RawColumn& x = *read.table->find("x");
  CHECK(x.number_cells == 4);  // 3.4028234e38, 3.4028236e38, -1e39, +2
  CHECK(x.missing == 1);       // nan
  CHECK(x.text_cells == 1);    // inf is text
  CHECK(x.too_large == 2);
  CHECK(x.first_too_large == 1);
  CHECK(x.first_too_large_value == 3.4028236e38);
  CHECK(x.lo == -1e39);
  CHECK(x.hi == 3.4028236e38);
  CHECK(x.numbers[0] == std::numeric_limits<float>::max());
  CHECK(x.numbers[5] == 2.0f);
}

TEST_CASE("csv table: floats, and exact numbers where a value is read as written") {
  SUBCASE("a numeric feature keeps floats only; the target keeps its values") {
    auto read = read_columns(TempFile("x,y\n0.1,0.1\n0.2,0.25\n").path.string(), wanted_columns(TableOptions{}));
    REQUIRE(read.table);
    const RawColumn& x = *read.table->find("x");
    CHECK_FALSE(x.float_exact);
    CHECK(x.exact.empty());
    CHECK(x.numbers[0] == 0.1f);
    const RawColumn& y = *read.table->find("y");  // the last column: the default target
    CHECK(y.exact == std::vector<double>{0.1, 0.25});
    CHECK(y.level(0) == "0.1");
  }
  SUBCASE("a float-exact column keeps no doubles") {
    auto read = read_text("x\n0.5\n-2\n1024.25\n");
    REQUIRE(read.table);
    CHECK(read.table->columns[0].float_exact);
    CHECK(read.table->columns[0].exact.empty());
  }
  SUBCASE("an integer column beyond 2^24 keeps its values: a row counter is still told") {
    std::string text = "id,v,y\n";
    for (int i = 0; i < 30; ++i)
      text += std::to_string(100000001 + i) + "," + std::to_string(i % 3) + "," + std::to_string(i % 2) + "\n";
    auto read = read_text(text);
    REQUIRE(read.table);
    const RawColumn& id = *read.table->find("id");
    CHECK_FALSE(id.float_exact);
    CHECK(id.exact.size() == 30);
    CHECK(id.value(1) == 100000002.0);
    TableOptions o;
    o.target = "y";
    auto a = analyse(*read.table, o);
    bool id_like = false;
    for (const auto& p : a.problems) id_like = id_like || (p.kind == Problem::Kind::IdLike && p.column == "id");
    CHECK(id_like);
  }
  SUBCASE("a column that turns out text has its numbers as written (read again)") {
    std::string text = "c,y\n0.1,0\n0.3,1\n";
    for (int i = 0; i < 10; ++i) text += std::string(i % 2 ? "red" : "blue") + "," + std::to_string(i % 2) + "\n";
    auto read = read_text(text);
    REQUIRE(read.table);
    const RawColumn& c = *read.table->find("c");
    CHECK_FALSE(c.numeric());
    CHECK(c.exact_values());
    CHECK(c.sorted_levels() == std::vector<std::string>{"0.1", "0.3", "blue", "red"});
  }
  SUBCASE("an onehot column's levels are its numbers as written") {
    TableOptions o;
    o.target = "y";
    o.categorical = {"g"};
    auto a = analyse_text("g,y\n0.1,0\n0.7,1\n0.1,1\n0.7,0\n", o);
    REQUIRE(a.shape);
    CHECK(a.shape->features[0].levels == std::vector<std::string>{"0.1", "0.7"});
  }
}

TEST_CASE("releasing a table's first rows gives their memory back and keeps the rest") {
  RawTable t;
  t.rows = 1'000'000;  // 4 MB of floats per array: pages to give back
  RawColumn c;
  c.numbers.assign(t.rows, 1.5f);
  c.exact.assign(t.rows, 2.5);
  c.text.assign(t.rows, 7);
  t.columns.push_back(std::move(c));
  t.release_rows_before(600'000);
  t.release_rows_before(100);  // rows only grow: nothing more is released, nothing restored
  const RawColumn& k = t.columns[0];
  CHECK(k.numbers.size() == t.rows);
  CHECK(t.released_rows == 600'000);
  // From the first whole page past row 600,000 on, every cell is as written.
  for (size_t r = 600'000 + 1024; r < t.rows; r += 997) {
    CHECK(k.numbers[r] == 1.5f);
    CHECK(k.exact[r] == 2.5);
    CHECK(k.text[r] == 7);
  }
  CHECK(k.numbers.back() == 1.5f);
  // Well inside the released rows the pages were dropped: they read as zeros.
  CHECK(k.numbers[300'000] == 0.0f);
  CHECK(k.exact[300'000] == 0.0);
  CHECK(k.text[300'000] == 0);
}
