// The CSV tokenizer and the header/target probe (stdlib/csv.h).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "stdlib/builtins.h"
#include "stdlib/csv.h"

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

TEST_CASE("csv: probe reads the header and summarises the target") {
  SUBCASE("text target is classification with sorted classes") {
    TempFile f("x,kind\n1,b\n2,a\n3,b\n4,NA\n");
    auto r = probe(f.path.string(), "kind");
    REQUIRE(r.probe);
    CHECK(r.probe->columns == std::vector<std::string>{"x", "kind"});
    CHECK(r.probe->rows == 4);
    CHECK(r.probe->column == 1);
    CHECK(r.probe->summary.missing == 1);
    CHECK(r.probe->summary.distinct == std::vector<std::string>{"a", "b"});
    CHECK(r.probe->summary.classification());
  }
  SUBCASE("default column is the last; integers are canonicalised") {
    TempFile f("a,y\n1,2\n1,2.0\n1,10\n");
    auto r = probe(f.path.string(), "");
    REQUIRE(r.probe);
    CHECK(r.probe->column == 1);
    CHECK(r.probe->summary.distinct == std::vector<std::string>{"2", "10"});
    CHECK(r.probe->summary.classification());
  }
  SUBCASE("real-valued target is regression") {
    TempFile f("a,y\n1,0.5\n2,1.5\n");
    auto r = probe(f.path.string(), "y");
    REQUIRE(r.probe);
    CHECK_FALSE(r.probe->summary.classification());
  }
  SUBCASE("many distinct integers is regression") {
    std::string text = "a,y\n";
    for (int i = 0; i < 30; ++i) text += "1," + std::to_string(i) + "\n";
    TempFile f(text);
    auto r = probe(f.path.string(), "y");
    REQUIRE(r.probe);
    CHECK(r.probe->summary.integer);
    CHECK_FALSE(r.probe->summary.classification());
  }
  SUBCASE("a mostly numeric column with a typo stays numeric") {
    TempFile f("a,y\n1,1.5\n2,2.5\n3,oops\n");
    auto r = probe(f.path.string(), "y");
    REQUIRE(r.probe);
    CHECK(r.probe->summary.numeric());
    CHECK(r.probe->summary.numbers == 2);
    CHECK_FALSE(r.probe->summary.classification());
  }
  SUBCASE("a mostly text column is categorical; numbers become canonical levels") {
    TempFile f("a,y\nx,cat\nx,dog\nx,2.0\n");
    auto r = probe(f.path.string(), "y");
    REQUIRE(r.probe);
    CHECK_FALSE(r.probe->summary.numeric());
    CHECK(r.probe->summary.distinct == std::vector<std::string>{"2", "cat", "dog"});
    CHECK(r.probe->summary.classification());
  }
  SUBCASE("unknown column") {
    TempFile f("a,b\n1,2\n");
    auto r = probe(f.path.string(), "c");
    REQUIRE(r.error);
    CHECK(r.error->message.find("`c`") != std::string::npos);
  }
  SUBCASE("empty file") {
    TempFile f("");
    auto r = probe(f.path.string(), "");
    REQUIRE(r.error);
    CHECK(r.error->message.find("empty") != std::string::npos);
  }
  SUBCASE("header only") {
    TempFile f("a,b\n");
    auto r = probe(f.path.string(), "b");
    REQUIRE(r.probe);
    CHECK(r.probe->rows == 0);
    CHECK_FALSE(r.probe->summary.classification());
  }
  SUBCASE("ragged rows: too many fields points at the first extra one") {
    TempFile f("a,b\n1,2\n3,4,5\n");
    auto r = probe(f.path.string(), "");
    REQUIRE(r.error);
    CHECK(r.error->line == 3);
    CHECK(r.error->col == 5);
  }
  SUBCASE("ragged rows: too few fields points at the line") {
    TempFile f("a,b\n1,2\n3\n");
    auto r = probe(f.path.string(), "");
    REQUIRE(r.error);
    CHECK(r.error->line == 3);
    CHECK(r.error->col == 0);
  }
  SUBCASE("missing file") {
    auto r = probe("/nonexistent/exp/file.csv", "");
    REQUIRE(r.error);
    CHECK(r.error->message.find("cannot open") != std::string::npos);
  }
  SUBCASE("the shipped iris file") {
    auto r = probe(xp::stdlib::data_dir() + "/data/iris.csv", "species");
    REQUIRE(r.probe);
    CHECK(r.probe->rows == 150);
    CHECK(r.probe->columns.size() == 5);
    CHECK(r.probe->summary.distinct == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  }
}
