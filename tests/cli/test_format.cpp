#include <doctest/doctest.h>

#include <cmath>

#include "cli/table.h"
#include "runtime/report/format.h"

using namespace xp::rt::report;

TEST_CASE("numbers read the same everywhere") {
  CHECK(format_number(0.96667) == "0.9667");
  CHECK(format_number(131) == "131");
  CHECK(format_number(-2) == "-2");
  CHECK(format_number(1e-5) == "1e-5");
  CHECK(format_number(0.0001234) == "0.0001234");
  CHECK(format_number(12345.6) == "1.235e+4");
  CHECK(format_number(std::nan("")) == "nan");
  CHECK(format_number(-INFINITY) == "-inf");
  CHECK(format_value(nlohmann::json("relu")) == "relu");
  CHECK(format_value(nlohmann::json(16)) == "16");
}

TEST_CASE("measured values share one format, whatever their float happens to be") {
  // A float mse of 661124864 is integral; printed in full it sat beside 6.576e+8.
  CHECK(format_measure(661124864.0) == "6.611e+8");
  CHECK(format_measure(657600000.5) == "6.576e+8");
  CHECK(format_measure(131) == "131");
  CHECK(format_measure(0.96667) == "0.9667");
  CHECK(format_measure(std::nan("")) == "nan");
  CHECK(format_number(661124864.0) == "661124864");  // counts stay exact
}

TEST_CASE("the objective of a study: its metric, else a black-box expression") {
  CHECK(objective_text(nlohmann::json{{"study", {{"metric", "val.accuracy"}}}}) == "val.accuracy");
  CHECK(objective_text(nlohmann::json{{"study", {{"direction", "minimize"}}}, {"objective", "x ^ 2"}}) == "x ^ 2");
  CHECK(objective_text(nlohmann::json::object()) == "?");
}

TEST_CASE("durations") {
  CHECK(format_seconds(0.3123) == "0.31 s");
  CHECK(format_seconds(12.34) == "12.3 s");
  CHECK(format_seconds(72) == "1 m 12 s");
  CHECK(format_seconds(3720) == "1 h 02 m");
}

TEST_CASE("search spaces print as written") {
  using nlohmann::json;
  CHECK(format_space(json{{"kind", "loguniform"}, {"low", 1e-4}, {"high", 0.1}}) == "loguniform(0.0001, 0.1)");
  CHECK(format_space(json{{"kind", "loguniform"}, {"low", 1e-4}, {"high", 0.1}, {"log", true}}) == "loguniform(0.0001, 0.1)");
  CHECK(format_space(json{{"kind", "int"}, {"low", 1}, {"high", 64}, {"log", true}}) == "int(1, 64, log: true)");
  json many = json::array(), thirteen = json::array();
  for (int i = 0; i < 1000000; ++i) many.push_back(i);
  for (int i = 0; i < 13; ++i) thirteen.push_back(i);
  CHECK(format_space(json{{"kind", "choice"}, {"choices", many}}) ==
        "choice(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … 999988 more: 1000000 in all)");
  CHECK(format_space(json{{"kind", "choice"}, {"choices", thirteen}}) ==
        "choice(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)");  // one more than the cut is written out
  CHECK(format_space(json{{"kind", "choice"}, {"choices", {8, 16}}}) == "choice(8, 16)");
  CHECK(format_space(json{{"kind", "int"}, {"low", 1}, {"high", 9}, {"step", 2}}) == "int(1, 9, step: 2)");
  CHECK(format_space(json{{"kind", "fixed"}, {"value", "relu"}}) == "= relu");
  CHECK(format_shape(json{4, 16}) == "[4, 16]");
  CHECK(format_shape(json::array()) == "[]");
}

TEST_CASE("tables align by display width, numbers to the right") {
  xp::cli::Table t({{"name"}, {"value", xp::cli::Table::Align::Right}});
  t.row({"α", "1"});
  t.row({"beta", "100"});
  std::string s = t.render(1);
  CHECK(s == " name  value\n α         1\n beta    100\n");
}
