#pragma once
// How report numbers and values read (and how a report's sections are
// looked up), shared by the console report, `exp
// show`, the REPL and report.html so that all of them print the same text.
#include <string>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

// The member `key` of a report object, or null when `j` is not an object or
// has no such member: reports from older versions may lack any section.
const nlohmann::json& get(const nlohmann::json& j, const char* key);

// 0.9667, 0.0123, 1.2e-5, 131, 3.21e+4: four significant digits, integers
// exactly, exponents without padding zeros. NaN and infinities spelt out.
std::string format_number(double v);
// A measured value (a metric, a loss, a norm): always four significant
// digits, so that the numbers of one table read alike — 661124864 and
// 657600000.5 are both 6.6e+8-style (6.611e+8, 6.576e+8), where
// format_number would print the first, an integral float, in full.
// Small integral values read the same either way (3, 131).
std::string format_measure(double v);
// An axis tick: like format_number, but never longer than about seven
// characters, so a tick label fits the plot's margin: 250000 stays,
// 250000000000 reads 2.5e+11, 0.30000000000000004 reads 0.3.
std::string format_tick(double v);
// A JSON hyper value: numbers as above, names bare, lists element by
// element ([0.8675, 2]), anything else as JSON.
std::string format_value(const nlohmann::json& v);
// 0.31 s, 4.8 s, 1 m 12 s, 1 h 02 m.
std::string format_seconds(double seconds);
// A search-space entry as the user wrote it: `loguniform(1e-4, 0.1)`,
// `choice(relu, tanh)`, `= 60`, `int(1, 8, step: 2)`; the condition is not included.
std::string format_space(const nlohmann::json& entry);
// A list as text, each item by format_value: `a, b, c`, or past shown + 1
// items the first `shown` and `… N more: M in all`. `all` is the whole
// list's length when `items` holds only its first part (report.json's
// bounded lists: `choices` and choice_count, `feature_names` and features).
std::string list_text(const nlohmann::json& items, size_t all, size_t shown = 12);
// What a study optimized, from a report: a black-box study's expression
// (`(x - 2)^2 + y^2`), else the metric (`val.accuracy`), else "?".
std::string objective_text(const nlohmann::json& report);
// What a model's state is, in the console report and report.html alike.
inline constexpr const char* kStateNote = "not learned by the optimizer: running statistics that training passes update";
// The shape [4, 16]; [] for a scalar.
std::string format_shape(const nlohmann::json& shape);

}  // namespace xp::rt::report
