#include "runtime/data/data_errors.h"

#include <fmt/format.h>

namespace xp::rt::data_diag {

namespace {
Diagnostic in_file(std::string code, std::string message, const std::string& path, uint32_t line, uint32_t col,
                   std::string help = "", Severity severity = Severity::Error) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.help = std::move(help);
  d.at = FileLocation{path, line, col};
  return d;
}

Diagnostic in_script(std::string code, std::string message, Span span, std::string help) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.span = span;
  d.help = std::move(help);
  return d;
}
}  // namespace

Diagnostic unreadable(const std::string& path, const std::string& why) {
  return in_file("E0801", why, path, 0, 0, "check the path; relative paths are resolved against the script's folder");
}

Diagnostic malformed_csv(const std::string& path, const stdlib::csv::Error& e) {
  return in_file("E0802", e.message, path, e.line, e.col,
                 "close every quoted field with `\"`, and write a quote inside a quoted field as `\"\"`");
}

Diagnostic ragged_row(const std::string& path, const stdlib::csv::Error& e) {
  return in_file("E0803", e.message, path, e.line, e.col,
                 "every row needs one field per header column; quote fields that contain commas");
}

Diagnostic no_data(const std::string& path, const std::string& what) {
  return in_file("E0804", what, path, 1, 0);
}

Diagnostic missing_value(const std::string& path, const std::string& column, uint32_t line, uint32_t col) {
  return in_file("E0805", fmt::format("missing value in column `{}`", column), path, line, col,
                 "fill it in, or add `impute: mean`, `impute: median` or `impute: drop` to the data source");
}

Diagnostic malformed_number(const std::string& path, const std::string& column, const std::string& text,
                            uint32_t line, uint32_t col) {
  return in_file("E0806", fmt::format("`{}` is not a number, but column `{}` holds numbers", text, column), path,
                 line, col, "fix the value, or add an `impute:` option to treat it as missing");
}

Diagnostic unknown_column(const std::string& path, const std::string& column, Span span) {
  Diagnostic d = in_script("E0807", fmt::format("no column named `{}` in `{}`", column, path), span,
                           "column names are taken from the file's header row and are case-sensitive");
  if (!span.valid()) d.at = FileLocation{path, 1, 0};
  return d;
}

Diagnostic bad_option(const std::string& message, Span span, const std::string& help) {
  return in_script("E0808", message, span, help);
}

Diagnostic bad_split(const std::string& message, Span span, const std::string& help) {
  return in_script("E0809", message, span, help);
}

Diagnostic schema_mismatch(const std::string& path, const std::string& message, const std::string& help) {
  return in_file("E0810", message, path, 1, 0, help);
}

Diagnostic unseen_level(const std::string& path, const std::string& column, const std::string& level,
                        uint32_t line, uint32_t col) {
  return in_file("W0801",
                 fmt::format("value `{}` of column `{}` was never seen in training; it is encoded as all zeros",
                             level, column),
                 path, line, col, "", Severity::Warning);
}

}  // namespace xp::rt::data_diag
