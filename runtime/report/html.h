#pragma once
// report.html: one self-contained page rendered from report.json — inline CSS
// and SVG, no scripts, no fonts, no network — and well-formed XHTML so that
// XML tools (xmllint) accept it as well as browsers.
#include <string>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

std::string render_html(const nlohmann::json& report);
// Writes render_html(report) to `path`; on failure returns false and says why in `error`.
bool write_html(const nlohmann::json& report, const std::string& path, std::string& error);

}  // namespace xp::rt::report
