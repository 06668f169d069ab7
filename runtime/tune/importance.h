#pragma once
// Hyperparameter importance, fANOVA-style (Hutter, Hoos & Leyton-Brown,
// "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014):
//
// 1. Complete trials with a finite value become rows; each searched hyper
//    that is active in all of them becomes a column, at its unit-cube position
//    (space.h: log scale for log ranges, equal cells for choices).
// 2. A small random forest (bootstrap samples, variance-reducing splits) is
//    fitted to the objective.
// 3. Each tree is a piecewise-constant function on boxes of the unit cube. Under
//    the uniform measure its variance decomposes exactly; the share of a
//    hyper's main effect, Var(E[f | x_k]) / Var(f), is computed in closed form
//    from the leaves.
// 4. Shares are averaged over the trees and normalized to sum to 1 over the
//    hypers reported. Interactions are not reported separately: they are what
//    is left when the main-effect shares of a tree sum to less than 1.
// Left out: fixed hypers, conditional ones (declared with `when`, even if
// their condition held in every complete trial), and hypers whose value is
// the same in every complete trial (they explain nothing). When no hyper
// explains any variance (a constant objective), nothing is reported.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/core/trial.h"

namespace xp::rt {

struct HyperImportance {
  std::string name;
  double importance = 0;  // normalized share, Σ = 1
  double main_effect = 0; // mean share of the variance this hyper explains alone
};

struct ImportanceOptions {
  int trees = 32;
  int max_depth = 8;
  int min_leaf = 2;
  uint64_t seed = 0;
};

// Most important first. Empty when fewer than 3 complete trials, no searched
// unconditional hyper that varies, or an objective no hyper explains.
std::vector<HyperImportance> hyper_importance(const ir::SearchSpace& space, const std::vector<TrialRecord>& trials,
                                              const ImportanceOptions& options = {});

}  // namespace xp::rt
