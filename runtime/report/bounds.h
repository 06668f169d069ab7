#pragma once
// What a report embeds is bounded, whatever the data or the script hold
// (issue 11 item 9): a 300 MB CSV of long text or a million-option choice
// must not become a report.json and report.html of hundreds of megabytes.
// The rules, in one place (docs/report.md, "Bounds"):
//  * any text value of report.json — a class label, a column name, a string
//    hyper value, a failed trial's reason, a black-box objective — keeps at
//    most kReportTextMax characters, the last of them "…" when it was cut;
//  * a choice of more than kReportChoicesMax options lists its first
//    kReportChoicesMax in `choices` and its size in `choice_count`;
//  * a label drawn in a plot or a console table (an axis level, a class)
//    keeps at most kPlotLabelMax characters; a tooltip has the report's text;
//  * a confusion matrix is drawn (report.html, the console) for at most
//    kConfusionClassesDrawn classes; report.json holds it whole;
//  * the data's `feature_names` lists at most kReportFeatureNamesMax names
//    (the first ones, in feature order); `features` keeps their number, and
//    the model file the whole schema.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

inline constexpr size_t kReportTextMax = 256;
inline constexpr size_t kReportChoicesMax = 100;
inline constexpr size_t kPlotLabelMax = 24;
inline constexpr size_t kConfusionClassesDrawn = 50;
inline constexpr size_t kReportFeatureNamesMax = 1000;

// `text` cut to at most `max_chars` characters (UTF-8 code points, never
// split), the last one "…" when anything was cut; unchanged when it fits.
std::string clip_text(std::string_view text, size_t max_chars);

// Cuts every text value of a report (or of one model's part of it) to
// kReportTextMax characters, in place. References that must stay exact are
// left alone: the `script` (path and hash), the data `fingerprints` and the
// `predictions` file names. Object keys are names from the script, not data.
void bound_report_text(nlohmann::json& report);

}  // namespace xp::rt::report
