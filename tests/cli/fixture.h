#pragma once
// Loads the report.json fixtures under tests/cli/fixtures/ for the unit tests.
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace xp::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(EXP_SOURCE_DIR) + "/tests/cli/fixtures/" + name + "/report.json";
}

inline nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name));
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

}  // namespace xp::test
