#pragma once
// A very small SVG writer for report.html's plots: scales with "nice" ticks,
// and elements emitted as well-formed XML (every attribute quoted, every
// text escaped) so the page stays valid XHTML.
#include <string>
#include <string_view>
#include <vector>

namespace xp::rt::report {

// &, <, >, " and ' as entities: safe in XML text and attributes.
std::string xml_escape(std::string_view s);

// Maps a data interval onto a pixel interval, linearly or in log10 space.
struct Scale {
  double lo = 0, hi = 1;        // data
  double from = 0, to = 1;      // pixels (`to` may be smaller than `from`: y axes grow upwards)
  bool log = false;

  double operator()(double v) const;
  // About `count` round values inside [lo, hi] (1, 2, 5 × 10^k steps; decades for log scales).
  std::vector<double> ticks(int count = 5) const;
};

// About how wide `s` is drawn at `font_px` (system sans-serif; generous, so a
// margin sized with it is never too narrow).
double text_width(std::string_view s, double font_px = 11);

// The left margin a y axis over `s` needs: its widest tick label, the ticks
// and the rotated axis label.
double y_axis_margin(const Scale& s);

// Widens a degenerate or empty interval so a scale over it is well defined.
void pad_interval(double& lo, double& hi, bool log);

class Svg {
 public:
  Svg(int width, int height, std::string_view title);
  void line(double x1, double y1, double x2, double y2, std::string_view style);
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view style);
  void circle(double x, double y, double r, std::string_view style, std::string_view tooltip = {});
  void rect(double x, double y, double w, double h, std::string_view style, std::string_view tooltip = {});
  // anchor: start | middle | end
  void text(double x, double y, std::string_view s, std::string_view anchor = "start", std::string_view style = {});
  void raw(std::string_view markup) { body_ += markup; }
  // An attribute of the <svg> element (data-plot="history", …): what the
  // browser test reads to know which plot it is looking at.
  void attr(std::string_view name, std::string_view value);
  std::string str() const;  // the finished <svg> element

  // An x axis along y = `at` and a y axis along x = `at`, with ticks and a
  // label; the y axis's label sits left of its widest tick label.
  void x_axis(const Scale& s, double at, std::string_view label);
  void y_axis(const Scale& s, double at, std::string_view label);

 private:
  int width_, height_;
  std::string title_;
  std::string attrs_;
  std::string body_;
};

// A colour from a sequential palette (light blue → dark violet) for t in [0, 1].
std::string ramp_color(double t);

}  // namespace xp::rt::report
