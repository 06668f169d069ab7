#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "cli/progress.h"

using xp::cli::ConsoleProgress;

namespace {

// Captures what the progress printer writes.
struct Capture {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* f = open_memstream(&buf, &len);
  std::string text() {
    std::fflush(f);
    return std::string(buf, len);
  }
  ~Capture() {
    std::fclose(f);
    std::free(buf);
  }
};

size_t lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

xp::rt::StudyStatus status(int finished, int total) {
  xp::rt::StudyStatus s;
  s.total = total;
  s.finished = finished;
  s.complete = finished;
  s.has_best = true;
  s.best_value = 0.9;
  s.best_trial = 0;
  s.elapsed = finished * 0.5;
  return s;
}

}  // namespace

TEST_CASE("on a pipe, a study logs a line per tenth of the budget and every failure") {
  Capture out;
  double t = 0;
  ConsoleProgress p(out.f, ConsoleProgress::Mode::Log, {}, 100, [&] { return t; });
  p.stage("tuning mlp");
  for (int k = 1; k <= 40; ++k) {
    p.trial_started(k - 1, {});
    xp::rt::TrialEvent e;
    e.trial = k - 1;
    e.state = k == 7 ? xp::rt::TrialState::Failed : xp::rt::TrialState::Complete;
    e.reason = "loss became NaN";
    p.trial_finished(e, status(k, 40));
  }
  p.finish();
  std::string s = out.text();
  CHECK(s.find('\r') == std::string::npos);
  CHECK(lines(s) == 1 + 10 + 1);  // stage, ten tenths, one failure
  CHECK(s.find("· tuning mlp\n") == 0);
  CHECK(s.find("trial 6 failed: loss became NaN") != std::string::npos);
  CHECK(s.find("trials 40/40: 40 complete, 0 pruned, 0 failed; best 0.9 (trial 0); 20.0 s elapsed") != std::string::npos);
}

TEST_CASE("on a pipe, a training logs about ten epoch lines") {
  Capture out;
  ConsoleProgress p(out.f, ConsoleProgress::Mode::Log, {}, 100, [] { return 0.0; });
  for (int k = 1; k <= 200; ++k) {
    xp::rt::EpochEvent e;
    e.epoch = k;
    e.epochs = 200;
    e.train_loss = 1.0 / k;
    e.val_loss = 2.0 / k;
    e.metrics["val.accuracy"] = 0.5;
    p.epoch(e);
  }
  std::string s = out.text();
  CHECK(lines(s) == 11);  // epoch 1 and every 20th
  CHECK(s.find("epoch 200/200  loss 0.005  val.loss 0.01  val.accuracy 0.5") != std::string::npos);
}

TEST_CASE("on a terminal, one line is redrawn in place") {
  Capture out;
  double t = 0;
  ConsoleProgress p(out.f, ConsoleProgress::Mode::Live, {}, 200, [&] { return t; });
  p.stage("tuning mlp");
  xp::rt::TrialEvent e;
  for (int k = 1; k <= 3; ++k) {
    t += 1;
    e.trial = k;
    p.trial_finished(e, status(k, 10));
  }
  std::string s = out.text();
  CHECK(s.find('\n') == std::string::npos);  // redraws only, no new lines
  CHECK(s.find("\r\033[2K") != std::string::npos);
  CHECK(s.find("3/10 trials") != std::string::npos);
  CHECK(s.find("best 0.9 (#0)") != std::string::npos);
  CHECK(s.find("ETA 00:04") != std::string::npos);  // 1.5 s elapsed / 3 done × 7 left = 3.5 s
  p.message("resumed 3 trials");
  CHECK(out.text().find("resumed 3 trials\n") != std::string::npos);
  p.finish();
}

TEST_CASE("events from many threads are serialised") {
  Capture out;
  ConsoleProgress p(out.f, ConsoleProgress::Mode::Log, {}, 100);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&p, w] {
      for (int k = 0; k < 50; ++k) {
        xp::rt::TrialEvent e;
        e.trial = w * 50 + k;
        e.state = xp::rt::TrialState::Failed;
        e.reason = "boom";
        p.trial_finished(e, status(0, 200));
      }
    });
  for (auto& t : workers) t.join();
  std::string s = out.text();
  CHECK(lines(s) == 200);
  size_t start = 0;
  while (start < s.size()) {  // every line intact
    size_t end = s.find('\n', start);
    std::string line = s.substr(start, end - start);
    CHECK(line.rfind("  trial ", 0) == 0);
    CHECK(line.find("failed: boom") != std::string::npos);
    start = end + 1;
  }
}
