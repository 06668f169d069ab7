#include "runtime/train/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "runtime/train/batches.h"
#include "runtime/train/early_stopping.h"

namespace xp::rt {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU seconds this thread has used (a trial runs on one thread throughout).
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

bool stop_requested(const TrainHooks& hooks) {
  if (hooks.stop && hooks.stop->load(std::memory_order_relaxed)) return true;
  return hooks.trial && hooks.trial->should_stop();
}

// Epochs this run may use: the spec's, capped by a Hyperband/ASHA bracket.
int planned_epochs(const TrainSettings& s, const TrainHooks& hooks) {
  int cap = hooks.trial ? hooks.trial->max_resource() : 0;
  return cap > 0 ? std::min(s.epochs, cap) : s.epochs;
}

std::string divergence(TrainModel& model, int epoch, double loss, const char* where) {
  std::string op = model.blame_nonfinite();
  std::string what = std::isnan(loss) ? "NaN" : "infinite";
  if (op.empty()) return fmt::format("{} loss became {} at epoch {}", where, what, epoch);
  return fmt::format("{} loss became {} at epoch {} ({})", where, what, epoch, op);
}

// One epoch of optimizer steps; returns the mean batch loss, or the first
// non-finite batch loss, or NaN with `interrupted` set.
double run_epoch(TrainModel& model, const Part& train, BatchOrder& order, const TrainHooks& hooks, bool& interrupted) {
  double sum = 0;
  for (size_t b = 0; b < order.batches(); ++b) {
    if (stop_requested(hooks)) {
      interrupted = true;
      return std::numeric_limits<double>::quiet_NaN();
    }
    model.set_batch(train.X, train.Y, std::span<const size_t>(order.begin(b), order.size(b)));
    double loss = model.step();
    if (!std::isfinite(loss)) return loss;
    sum += loss;
  }
  return sum / static_cast<double>(order.batches());
}

void emit_progress(const TrainHooks& hooks, const EpochRecord& r, int planned) {
  if (!hooks.progress) return;
  EpochEvent e;
  e.trial = hooks.trial_number;
  e.epoch = r.epoch;
  e.epochs = planned;
  e.train_loss = r.train_loss;
  e.val_loss = r.val_loss;
  e.metrics = r.metrics;
  e.seconds = r.seconds;
  e.epoch_seconds = r.epoch_seconds;
  hooks.progress->epoch(e);
}

}  // namespace

const char* to_string(TrainStatus s) {
  switch (s) {
    case TrainStatus::Complete: return "complete";
    case TrainStatus::EarlyStopped: return "early-stopped";
    case TrainStatus::Pruned: return "pruned";
    case TrainStatus::Interrupted: return "interrupted";
    case TrainStatus::Diverged: return "diverged";
  }
  return "?";
}

double monitored_value(const EpochRecord& r, const std::string& monitor) {
  if (monitor == "train.loss") return r.train_loss;
  if (monitor == "val.loss") return r.val_loss;
  auto it = r.metrics.find(monitor);
  return it == r.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

TrainReport train_model(TrainModel& model, const Part& train, const Part* val, const TrainSettings& settings,
                        const TrainHooks& hooks) {
  TrainReport report;
  report.epochs_planned = planned_epochs(settings, hooks);
  // Grown as epochs finish: `epochs = 1e9` with early stopping or a time
  // budget must not reserve a billion records up front.
  report.history.reserve(static_cast<size_t>(std::min(report.epochs_planned, 1024)));
  const bool validate = val && val->rows() > 0;
  EarlyStopping stopper(settings.stop);
  BatchOrder order(train.rows(), std::min(settings.batch, model.max_batch()), settings.seed);
  auto t0 = Clock::now();

  for (int epoch = 1; epoch <= report.epochs_planned; ++epoch) {
    const auto epoch_start = Clock::now();
    const double epoch_cpu_start = thread_cpu_seconds();
    model.begin_epoch(epoch, report.epochs_planned);
    order.shuffle(epoch);
    bool interrupted = false;
    double train_loss = run_epoch(model, train, order, hooks, interrupted);
    if (interrupted) {
      report.status = TrainStatus::Interrupted;
      break;
    }
    if (!std::isfinite(train_loss)) {
      report.status = TrainStatus::Diverged;
      report.failure = divergence(model, epoch, train_loss, "training");
      break;
    }
    EpochRecord r;
    r.epoch = epoch;
    r.train_loss = train_loss;
    if (validate) {
      auto m = evaluate(model, *val, settings.metrics, settings.task);
      r.val_loss = m["loss"];
      for (const auto& [name, value] : m)
        if (name != "loss") r.metrics["val." + name] = value;
      if (!std::isfinite(r.val_loss)) {
        report.status = TrainStatus::Diverged;
        report.failure = divergence(model, epoch, r.val_loss, "validation");
        break;
      }
    }
    const auto end = Clock::now();  // one reading: the epoch's span lies within the cumulative one
    r.seconds = std::chrono::duration<double>(end - t0).count();
    r.epoch_seconds = std::chrono::duration<double>(end - epoch_start).count();
    r.epoch_cpu_seconds = thread_cpu_seconds() - epoch_cpu_start;
    report.history.push_back(r);
    emit_progress(hooks, r, report.epochs_planned);

    if (settings.stop.enabled && stopper.update(epoch, monitored_value(r, settings.stop.monitor)) &&
        settings.stop.restore_best)
      model.save_best();
    if (hooks.trial && !hooks.report_metric.empty() &&
        !hooks.trial->report(epoch, monitored_value(r, hooks.report_metric))) {
      report.status = TrainStatus::Pruned;
      break;
    }
    if (stopper.should_stop()) {
      report.status = TrainStatus::EarlyStopped;
      break;
    }
  }
  if (settings.stop.enabled) {
    report.best_epoch = stopper.best_epoch();
    report.best_value = stopper.best_value();
    bool last_is_best = !report.history.empty() && report.history.back().epoch == stopper.best_epoch();
    if (settings.stop.restore_best && stopper.has_best() && !last_is_best && report.status != TrainStatus::Diverged) {
      model.restore_best();
      report.restored_best = true;
    }
  }
  report.seconds = since(t0);
  return report;
}

}  // namespace xp::rt
