#include "runtime/store/copy_study.h"

namespace xp::rt {

CopiedStudy copy_study(StudyStore& from, StudyStore& to, const std::string& name, const std::string& as) {
  auto info = from.find_study(name);
  if (!info) throw StoreError("there is no study `" + name + "` in " + from.where());
  if (to.find_study(as))
    throw StoreError(to.where() + " already holds a study `" + as + "`; copy it under another name (--as NAME)");
  const std::vector<TrialRecord> trials = from.load_trials(name);  // read all before writing anything
  info->name = as;
  to.create_study(*info);
  CopiedStudy out;
  for (TrialRecord t : trials) {
    t.attempt = 0;  // unfenced: the copy belongs to nobody's claim
    to.trial_started(as, t);
    for (const auto& [step, value] : t.intermediate) to.trial_reported(as, t.number, step, value);
    if (t.finished_state()) to.trial_finished(as, t);
    else ++out.running;
    ++out.trials;
  }
  return out;
}

}  // namespace xp::rt
