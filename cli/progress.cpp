#include "cli/progress.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/report/format.h"

namespace xp::cli {
namespace {

using rt::report::format_measure;
using rt::report::format_seconds;

constexpr double kRedrawInterval = 0.08;  // seconds between live redraws (~12 per second)
constexpr int kBarCells = 20;

std::string clock_text(double s) {
  if (!(s >= 0) || std::isinf(s)) return "--:--";
  long t = std::lround(s);
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, (t % 3600) / 60, t % 60);
  return fmt::format("{:02}:{:02}", t / 60, t % 60);
}

std::string bar(double fraction) {
  int filled = static_cast<int>(std::floor(std::clamp(fraction, 0.0, 1.0) * kBarCells));
  std::string out;
  for (int i = 0; i < kBarCells; ++i) out += i < filled ? "█" : "░";
  return out;
}

std::string metrics_text(const rt::EpochEvent& e) {
  std::string out = fmt::format("loss {}", format_measure(e.train_loss));
  if (!std::isnan(e.val_loss)) out += fmt::format("  val.loss {}", format_measure(e.val_loss));
  for (const auto& [k, v] : e.metrics)
    if (k != "val.loss") out += fmt::format("  {} {}", k, format_measure(v));
  return out;
}

// Cuts a line to `width` display columns so a redraw never wraps.
std::string fit(const std::string& s, int width) {
  if (static_cast<int>(display_width(s)) <= width) return s;
  std::string out;
  int cols = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++cols > width - 1) break;
    out += s[i];
  }
  return out + "…";
}

}  // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, Mode mode, Style style, int width, Clock clock)
    : out_(out), mode_(mode), style_(style), width_(width), clock_(std::move(clock)) {
  if (!clock_) {
    auto start = std::chrono::steady_clock::now();
    clock_ = [start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  }
}

std::unique_ptr<ConsoleProgress> ConsoleProgress::for_stderr() {
  Terminal t = Terminal::detect(stderr);
  return std::make_unique<ConsoleProgress>(stderr, t.live ? Mode::Live : Mode::Log, Style{t.color}, t.width);
}

double ConsoleProgress::now() const { return clock_(); }

void ConsoleProgress::print_line(const std::string& text) {
  if (live_visible_) std::fputs("\r\033[2K", out_);
  live_visible_ = false;
  std::fputs(text.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

std::string ConsoleProgress::study_line() const {
  const auto& s = study_;
  double fraction = s.total > 0 ? static_cast<double>(s.finished) / s.total : 0;
  double eta = s.finished > 0 && s.total > s.finished ? s.elapsed / s.finished * (s.total - s.finished) : -1;
  std::string line = fmt::format("{}{} {}/{} trials", stage_.empty() ? "" : stage_ + "  ", bar(fraction), s.finished, s.total);
  line += fmt::format("  running {}  pruned {}  failed {}", running_, s.pruned, s.failed);
  if (s.has_best) line += fmt::format("  best {} (#{})", format_measure(s.best_value), s.best_trial);
  line += fmt::format("  {} elapsed", clock_text(s.elapsed));
  if (eta >= 0) line += fmt::format(", ETA {}", clock_text(eta));
  return line;
}

std::string ConsoleProgress::epoch_line() const {
  const auto& e = epoch_;
  double fraction = e.epochs > 0 ? static_cast<double>(e.epoch) / e.epochs : 0;
  double eta = e.epoch > 0 && e.epochs > e.epoch ? e.seconds / e.epoch * (e.epochs - e.epoch) : -1;
  std::string line = fmt::format("{}{} epoch {}/{}  {}", stage_.empty() ? "" : stage_ + "  ", bar(fraction), e.epoch,
                                 e.epochs, metrics_text(e));
  if (eta >= 0) line += fmt::format("  ETA {}", clock_text(eta));
  return line;
}

void ConsoleProgress::redraw(bool force) {
  if (mode_ != Mode::Live) return;
  double t = now();
  if (!force && last_draw_ >= 0 && t - last_draw_ < kRedrawInterval) return;
  last_draw_ = t;
  std::string line;
  if (have_epoch_) line = epoch_line();   // a single training (or the final refit) is the news
  else if (have_study_) line = study_line();
  else if (!stage_.empty()) line = stage_ + " …";
  if (line.empty()) return;
  std::fputs(("\r\033[2K" + fit(line, width_ - 1)).c_str(), out_);
  std::fflush(out_);
  live_visible_ = true;
}

void ConsoleProgress::stage(const std::string& what) {
  std::lock_guard lock(mu_);
  stage_ = what;
  have_epoch_ = false;
  logged_tenth_ = 0;  // a new stage: the previous training's line is stale
  if (mode_ == Mode::Log) print_line("· " + what);
  else redraw(true);
}

void ConsoleProgress::epoch(const rt::EpochEvent& e) {
  if (e.trial >= 0) return;  // epochs inside trials: the study line says enough
  std::lock_guard lock(mu_);
  have_epoch_ = true;
  epoch_ = e;
  if (mode_ == Mode::Live) {
    redraw(e.epoch == e.epochs);
    return;
  }
  int every = std::max(1, e.epochs / 10);
  if (e.epoch == 1 || e.epoch % every == 0 || e.epoch == e.epochs)
    print_line(fmt::format("  epoch {}/{}  {}", e.epoch, e.epochs, metrics_text(e)));
}

void ConsoleProgress::trial_started(int, const ir::Assignment&) {
  std::lock_guard lock(mu_);
  ++running_;
  redraw(false);
}

void ConsoleProgress::trial_finished(const rt::TrialEvent& e, const rt::StudyStatus& s) {
  std::lock_guard lock(mu_);
  have_study_ = true;
  study_ = s;
  running_ = s.running;
  if (e.state == rt::TrialState::Failed)
    print_line(style_.red(fmt::format("  trial {} failed: {}", e.trial, e.reason)));
  if (mode_ == Mode::Live) {
    redraw(true);
    return;
  }
  int tenth = s.total > 0 ? s.finished * 10 / s.total : 0;
  if (tenth > logged_tenth_ || s.finished == s.total) {
    logged_tenth_ = tenth;
    std::string line = fmt::format("  trials {}/{}: {} complete, {} pruned, {} failed", s.finished, s.total, s.complete,
                                   s.pruned, s.failed);
    if (s.has_best) line += fmt::format("; best {} (trial {})", format_measure(s.best_value), s.best_trial);
    line += fmt::format("; {} elapsed", format_seconds(s.elapsed));
    print_line(line);
  }
}

void ConsoleProgress::message(const std::string& text) {
  std::lock_guard lock(mu_);
  print_line(text);
  redraw(true);
}

void ConsoleProgress::finish() {
  std::lock_guard lock(mu_);
  if (live_visible_) {
    std::fputs("\r\033[2K", out_);
    std::fflush(out_);
    live_visible_ = false;
  }
}

}  // namespace xp::cli
