#pragma once
// Which hypers a training run reads: the model's graph (and every model it
// calls), its parameters' shapes and initializers, the train block's loss,
// optimizer, schedule, clipping, epochs and batch — and, transitively, the
// hypers their conditions test. Decides whether a train block needs a study
// (the checker refuses searched hypers without one; the runtime runs it).
#include <set>
#include <string>

#include "ir/ir.h"

namespace xp {

std::set<std::string> hypers_used(const ir::Program& program, const ir::TrainSpec& train);

// The hypers a black-box objective reads, closed over their conditions: its
// study searches only these, not the searched hypers of models beside it.
std::set<std::string> hypers_read(const ir::Program& program, const ir::HExpr& expression);

// The searched hypers among `names` that can be active (a condition on a
// fixed hyper may rule one out for good), in declaration order.
std::vector<std::string> searched_among(const ir::SearchSpace& space, const std::set<std::string>& names);

// The part of `space` one model's study searches: the searched hypers among
// `used` (hypers_used), and the fixed hypers whose conditions test only hypers
// kept. Another model's searched hypers are not part of it, so they are
// neither sampled, nor in its trials, nor given importance.
ir::SearchSpace space_for(const ir::SearchSpace& space, const std::set<std::string>& used);

// The assignment of every active fixed hyper (searched ones are left out).
ir::Assignment fixed_assignment(const ir::SearchSpace& space);

}  // namespace xp
