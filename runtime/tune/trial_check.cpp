#include "runtime/tune/trial_check.h"

#include <cmath>

#include <fmt/format.h>

#include "runtime/tune/space.h"
#include "stdlib/printable.h"

namespace xp::rt {

void quarantine_misfits(std::map<int, TrialRecord>& records, const ir::SearchSpace& space, const std::string& where,
                        std::vector<std::string>& notes) {
  for (auto& [number, t] : records) {
    if (!t.finished_state() || t.state == TrialState::Failed) continue;
    std::string why;
    if (!assignment_fits(space, t.hypers, &why)) {
      // `why` already says which hyper and value.
    } else if (t.state == TrialState::Complete && !std::isfinite(t.value)) {
      why = "its value is not a finite number";
    } else {
      continue;
    }
    why = stdlib::printable(why);
    notes.push_back(fmt::format("trial {} in {} is set aside: {} (the store was modified or damaged)", number,
                                stdlib::printable(where), why));
    t.state = TrialState::Failed;
    t.reason = "set aside on load: " + why;
  }
}

}  // namespace xp::rt
