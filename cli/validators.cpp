#include "cli/validators.h"

#include <cstdlib>

namespace xp::cli {

// No descriptions: the option's type name ("N", "text|json") already says what it takes.
CLI::Validator positive_count() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        char* end = nullptr;
        long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || n < 1) return "expected a whole number of at least 1, got `" + v + "`";
        return "";
      },
      "");
}

CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        bool digits = !v.empty() && v.size() <= 20 && v.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || (v.size() == 20 && v > "18446744073709551615"))
          return "expected a whole number from 0 to 18446744073709551615, got `" + v + "`";
        return "";
      },
      "");
}

CLI::Validator one_of(std::vector<std::string> choices) {
  return CLI::Validator(
      [choices](std::string& v) -> std::string {
        for (const auto& c : choices)
          if (v == c) return "";
        std::string list;
        for (size_t i = 0; i < choices.size(); ++i)
          list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
        return "expected " + list + ", got `" + v + "`";
      },
      "");
}

}  // namespace xp::cli
