#include "runtime/report/svg.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/report/format.h"

namespace xp::rt::report {
namespace {

// Coordinates with one decimal: small files, no visible rounding.
std::string px(double v) {
  if (!std::isfinite(v)) v = 0;
  return fmt::format("{:.1f}", v);
}

std::string title_attr(std::string_view tooltip) {
  return tooltip.empty() ? "" : fmt::format("<title>{}</title>", xml_escape(tooltip));
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out += c;
    }
  }
  return out;
}

double Scale::operator()(double v) const {
  double a = lo, b = hi, x = v;
  if (log) {
    a = std::log10(std::max(lo, 1e-300));
    b = std::log10(std::max(hi, 1e-300));
    x = std::log10(std::max(v, 1e-300));
  }
  if (b == a) return (from + to) / 2;
  return from + (x - a) / (b - a) * (to - from);
}

std::vector<double> Scale::ticks(int count) const {
  std::vector<double> out;
  if (!(hi > lo) || count < 1) return {lo};
  if (log && lo > 0) {
    int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
    int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    int stride = std::max(1, (last - first + 1 + count - 1) / count);
    for (int k = first; k <= last; k += stride) out.push_back(std::pow(10.0, k));
    if (out.size() < 3) {  // a range of a decade or two: 1, 2, 5 × 10^k, so the axis has labels to read
      out.clear();
      for (int k = first - 1; k <= last; ++k)
        for (double m : {1.0, 2.0, 5.0}) {
          double v = m * std::pow(10.0, k);
          if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
        }
    }
    if (out.size() < 2) out = {lo, hi};  // inside one 1-2-5 step: its two ends
    return out;
  }
  double raw = (hi - lo) / count;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) { step = m * mag; break; }
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return out;
}

double text_width(std::string_view s, double font_px) {
  // 0.62 em per character covers digits, letters and the widest common glyphs of system-ui fonts.
  return 0.62 * font_px * static_cast<double>(s.size());
}

double y_axis_margin(const Scale& s) {
  double widest = 0;
  for (double t : s.ticks(5)) widest = std::max(widest, text_width(format_tick(t)));
  return widest + 7 + 22;  // tick and gap, then the rotated label's line
}

void pad_interval(double& lo, double& hi, bool log) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) lo = 0, hi = 1;
  if (log) {
    if (lo <= 0) lo = hi > 0 ? hi / 10 : 1e-3;
    if (hi <= lo) lo /= 2, hi = hi * 2 > lo ? hi * 2 : lo * 4;
    return;
  }
  if (hi == lo) {
    double d = std::fabs(lo) > 0 ? std::fabs(lo) * 0.1 : 1;
    lo -= d, hi += d;
  }
}

Svg::Svg(int width, int height, std::string_view title) : width_(width), height_(height), title_(title) {}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view style) {
  body_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" style=\"{}\"/>", px(x1), px(y1), px(x2), px(y2),
                       xml_escape(style));
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, std::string_view style) {
  if (points.empty()) return;
  std::string pts;
  for (const auto& [x, y] : points) pts += (pts.empty() ? "" : " ") + px(x) + "," + px(y);
  body_ += fmt::format("<polyline points=\"{}\" style=\"{}\"/>", pts, xml_escape(style));
}

void Svg::circle(double x, double y, double r, std::string_view style, std::string_view tooltip) {
  body_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" style=\"{}\">{}</circle>", px(x), px(y), px(r),
                       xml_escape(style), title_attr(tooltip));
}

void Svg::rect(double x, double y, double w, double h, std::string_view style, std::string_view tooltip) {
  body_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" style=\"{}\">{}</rect>", px(x), px(y),
                       px(std::max(w, 0.0)), px(std::max(h, 0.0)), xml_escape(style), title_attr(tooltip));
}

void Svg::text(double x, double y, std::string_view s, std::string_view anchor, std::string_view style) {
  body_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}>{}</text>", px(x), px(y), anchor,
                       style.empty() ? "" : fmt::format(" style=\"{}\"", xml_escape(style)), xml_escape(s));
}

void Svg::x_axis(const Scale& s, double at, std::string_view label) {
  line(std::min(s.from, s.to), at, std::max(s.from, s.to), at, "stroke:#888");
  for (double t : s.ticks(6)) {
    double x = s(t);
    line(x, at, x, at + 4, "stroke:#888");
    text(x, at + 16, format_tick(t), "middle", "fill:#555;font-size:11px");
  }
  text((s.from + s.to) / 2, at + 32, label, "middle", "fill:#333;font-size:12px");
}

void Svg::y_axis(const Scale& s, double at, std::string_view label) {
  line(at, std::min(s.from, s.to), at, std::max(s.from, s.to), "stroke:#888");
  double widest = 0;
  for (double t : s.ticks(5)) {
    double y = s(t);
    line(at - 4, y, at, y, "stroke:#888");
    std::string tick = format_tick(t);
    widest = std::max(widest, text_width(tick));
    text(at - 7, y + 4, tick, "end", "fill:#555;font-size:11px");
  }
  double mid = (s.from + s.to) / 2;
  double lx = at - 7 - widest - 8;  // the label's baseline, rotated: its glyphs extend left of it
  body_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 {} {})\" "
                       "style=\"fill:#333;font-size:12px\">{}</text>",
                       px(lx), px(mid), px(lx), px(mid), xml_escape(label));
}

void Svg::attr(std::string_view name, std::string_view value) {
  attrs_ += fmt::format(" {}=\"{}\"", name, xml_escape(value));
}

std::string Svg::str() const {
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
                     "role=\"img\" aria-label=\"{}\" style=\"max-width:100%;height:auto\"{}>"
                     "<title>{}</title>{}</svg>",
                     width_, height_, width_, height_, xml_escape(title_), attrs_, xml_escape(title_), body_);
}

std::string ramp_color(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  // light sky blue (#9ecae1) → deep violet (#3f007d)
  auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0x9e, 0x3f), mix(0xca, 0x00), mix(0xe1, 0x7d));
}

}  // namespace xp::rt::report
