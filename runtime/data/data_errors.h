#pragma once
// Diagnostics for data problems, built only here so the wording lives in one
// place. Errors inside a data file carry a FileLocation (path:line:col, col 0
// for a whole line); errors in a script's data options carry the option's span.
//
// Codes (E08xx: data):
//   E0801 a data file cannot be read          E0806 a malformed number
//   E0802 a malformed CSV record              E0807 an unknown column
//   E0803 a row with the wrong field count    E0808 an invalid data option
//   E0804 no data (empty file, no rows)       E0809 a split that cannot be made
//   E0805 a missing value                     E0810 a file that does not fit a saved schema
//   W0801 a category never seen in training (encoded as all zeros)
#include <string>

#include "compiler/diagnostics.h"
#include "stdlib/csv.h"

namespace xp::rt::data_diag {

Diagnostic unreadable(const std::string& path, const std::string& why);
Diagnostic malformed_csv(const std::string& path, const stdlib::csv::Error& e);
Diagnostic ragged_row(const std::string& path, const stdlib::csv::Error& e);
Diagnostic no_data(const std::string& path, const std::string& what);
Diagnostic missing_value(const std::string& path, const std::string& column, uint32_t line, uint32_t col);
Diagnostic malformed_number(const std::string& path, const std::string& column, const std::string& text,
                            uint32_t line, uint32_t col);
Diagnostic unknown_column(const std::string& path, const std::string& column, Span span);
Diagnostic bad_option(const std::string& message, Span span, const std::string& help = "");
Diagnostic bad_split(const std::string& message, Span span, const std::string& help = "");
Diagnostic schema_mismatch(const std::string& path, const std::string& message, const std::string& help = "");
Diagnostic unseen_level(const std::string& path, const std::string& column, const std::string& level,
                        uint32_t line, uint32_t col);

}  // namespace xp::rt::data_diag
