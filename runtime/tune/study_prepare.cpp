// Runner::prepare: the study found or created in the store, a resumed one
// checked against this run (direction, seed, space), and the trial budget.
#include "runtime/tune/study_runner.h"

#include "runtime/tune/trial_check.h"
#include "runtime/tune/space.h"
#include "runtime/tune/space_diff.h"

namespace xp::rt::study_run {

bool Runner::prepare(Diagnostics& diags) {
  std::optional<Refusal> refusal;
  try {
    if (auto existing = find_or_create_study()) {
      result_.resumed = true;
      refusal = check_resumed(*existing);
    }
    if (!refusal) {
      TrialChanges all = store_.load_changes(options_.name, 0);
      changes_cursor_ = all.cursor;
      for (auto& t : all.trials) records_[t.number] = std::move(t);
      quarantine_misfits(records_, space_, store_.where(), result_.notes);
    }
  } catch (const StoreError& e) {
    refusal = Refusal{e.what(), {}, ""};
  }
  if (refusal) {
    Diagnostic d;
    d.code = "E1002";
    d.message = refusal->message;
    d.span = spec_.span;
    d.notes = std::move(refusal->notes);
    d.help = std::move(refusal->help);
    result_.errors.push_back(refusal->message);
    diags.report(std::move(d));
    return false;
  }
  size_budget();
  return true;
}

// The study as stored before this run, or nullopt when this run created it.
std::optional<StudyInfo> Runner::find_or_create_study() {
  auto existing = store_.find_study(options_.name);
  if (existing) return existing;
  StudyInfo info;
  info.name = options_.name;
  info.space_canonical = space_.canonical();
  info.space_hash = space_.hash();
  info.space_json = space_to_json(space_);
  info.method = plan_.sampler->name();
  info.maximize = spec_.maximize;
  info.seed = options_.seed;
  info.created = unix_now();
  try {
    store_.create_study(info);
  } catch (const StoreError&) {
    if (!options_.shared) throw;
  }
  // Another process sharing the store may have created it a moment
  // before (then its study is checked like any existing one).
  if (options_.shared) {
    auto now = store_.find_study(options_.name);
    if (!now) throw StoreError("study `" + options_.name + "` could not be created in " + store_.where());
    if (now->created != info.created) return now;
  }
  return std::nullopt;
}

// Whether this run may continue `existing`: same direction and seed, a space
// that is the same or changed compatibly (then stored anew, with a note).
std::optional<Refusal> Runner::check_resumed(const StudyInfo& existing) {
  if (existing.maximize != spec_.maximize)
    return Refusal{"study `" + options_.name + "` in " + store_.where() + " was created to " +
                       (existing.maximize ? "maximize" : "minimize") + ", but this tune block " +
                       (spec_.maximize ? "maximizes" : "minimizes"),
                   {}, "use another study name, or remove the old study to start afresh"};
  if (existing.seed != options_.seed)
    return Refusal{"study `" + options_.name + "` was created with seed " + std::to_string(existing.seed) +
                       ", but this run uses seed " + std::to_string(options_.seed),
                   {}, "resume with the same seed (its trials depend on it), or use another study name"};
  const std::string canonical = space_.canonical();
  const uint64_t hash = space_.hash();
  if (existing.space_hash != hash || existing.space_canonical != canonical) {
    auto before = space_from_json(existing.space_json);
    if (!before) return Refusal{"the search space stored with study `" + options_.name + "` cannot be read", {}, ""};
    SpaceDiff diff = diff_spaces(*before, space_);
    if (!diff.compatible)
      return Refusal{"the search space changed since study `" + options_.name + "` began, incompatibly with its trials",
                     diff.lines, "restore the old space to resume, or use another study name to start afresh"};
    if (!diff.same) {
      std::string note = "the search space changed compatibly since study `" + options_.name +
                         "` began; its earlier trials are kept:";
      for (const auto& l : diff.lines) note += "\n" + l;
      result_.notes.push_back(note);
    }
    store_.update_space(options_.name, canonical, hash, space_to_json(space_));
  }
  if (existing.method != plan_.sampler->name())
    result_.notes.push_back("study `" + options_.name + "` began with method " + existing.method +
                            "; it continues with " + plan_.sampler->name());
  return std::nullopt;
}

// The trial budget (capped by a grid's size) and what of it is left to run.
void Runner::size_budget() {
  int total = options_.trials > 0 ? options_.trials : spec_.trials;
  if (auto cap = plan_.sampler->capacity(); cap && *cap < total) {
    total = *cap;
    capped_by_grid_ = true;
    result_.notes.push_back("the grid has " + std::to_string(*cap) + " points; the study runs " +
                            std::to_string(*cap) + " trials");
  }
  budget_ = total;
  // Every number not finished yet, lowest first, until the budget is met:
  // trials left running by a crash, and numbers a crash skipped (a thread may
  // have started trial n+1 just before trial n) as well as new ones.
  tally_ = Tally::of(records_, spec_.maximize);
  int reruns = 0;
  room_ = std::max(0, total - tally_.finished);
  // A stored unfinished trial n is run again when it is among the first
  // `room_` numbers not finished: n minus the finished ones below it.
  int finished_below = 0;
  for (const auto& [n, t] : records_) {
    if (t.finished_state()) {
      ++finished_below;
      continue;
    }
    if (n - finished_below < room_ && !(capped_by_grid_ && n >= total)) ++reruns;
  }
  if (reruns > 0)
    result_.notes.push_back(std::to_string(reruns) + " trial(s) left running by an interrupted run are run again");
}

}  // namespace xp::rt::study_run
