#pragma once
// Trials read back from a study store are data from a file, like a model
// file: a tampered or damaged row must not steer the search (a NULL `lr`
// made TPE propose lr = 0 twenty times) or size a model (`hidden` = 1e8
// aborted with bad_alloc). Every finished trial is checked against the
// search space before the study uses it; one that does not fit is set aside
// — kept as a failed trial, so its number is never reused, and named in a
// note — instead of the whole study being refused (docs/reliability.md).
#include <map>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/core/trial.h"

namespace xp::rt {

// Marks every finished trial of `records` whose hypers do not fit `space`
// (or, complete, whose value is not finite) as failed with the reason, and
// adds one note per trial to `notes`. `where` names the store in the notes.
void quarantine_misfits(std::map<int, TrialRecord>& records, const ir::SearchSpace& space, const std::string& where,
                        std::vector<std::string>& notes);

}  // namespace xp::rt
