#pragma once
// Proves facts about symbolic dimensions (a == b, d >= 1) for every value
// the symbols in them can take. A symbol is
//   known    a concrete number (a data set's feature count at `train`)
//   generic  any size at all (a model's F, C and integer inputs inside its body)
//   deferred unknown until run time (data not readable at check time): accepted
//   a hyper  ranging over its domain: every choice, the end points of an int range
// Dimensions are linear, so a fact that holds at every corner of the hypers'
// box holds inside it; corners plus finite choices make a finite check.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "ir/ir.h"

namespace xp {

// The largest size a dimension may have; the runtime refuses larger ones too
// (runtime/graph/instantiate.cpp). Keeps size arithmetic far from int64 overflow.
inline constexpr int64_t kMaxDimension = int64_t{1} << 31;

class DimProver {
 public:
  explicit DimProver(const ir::SearchSpace& space) : space_(space) {}

  void set_known(const std::string& sym, int64_t v) { known_[sym] = v; }
  void set_generic(std::set<std::string> syms) { generic_ = std::move(syms); }
  void clear() { known_.clear(); generic_.clear(); }

  struct Failure {
    // Fails for some value of a generic symbol (no `when`); from check_positive:
    // fails with a generic or deferred size at 1, its smallest, and may hold for larger ones.
    bool generic = false;
    std::string when;       // "hidden = 48, width = 8" (the hypers involved)
    int64_t lhs = 0, rhs = 0;  // the two sides (or the value) at that point
    std::map<std::string, int64_t> point;  // the hypers' values there, and the known sizes
  };
  // A positivity fact: proved, refuted (with the point), or not decidable
  // here because a generic or deferred size sits inside a quotient or a
  // product (a model body's [H, W, C]); the caller re-checks it where the
  // sizes are bound.
  enum class Verdict { Holds, Fails, Unknown };
  struct Check {
    Verdict verdict = Verdict::Holds;
    Failure failure;
  };
  Check check_positive(const ir::Dim& d) const;
  // nullopt: holds everywhere (or cannot be decided before run time).
  std::optional<Failure> equal(const ir::Dim& a, const ir::Dim& b) const;
  // 1 <= d <= kMaxDimension (the name is for the common failure: zero or negative).
  std::optional<Failure> positive(const ir::Dim& d) const;

  // True when `h` has a value in every trial: no condition, or conditions
  // that hold for every value the hypers they test can take (checked at
  // each choice and at both ends of a range, where == and != on a real
  // range are not provable).
  bool always_active(const ir::HyperDomain& h) const;

  // Candidate values of a hyper used as a size (empty if it has none that are integers).
  std::vector<int64_t> values_of(const ir::HyperDomain& h) const;
  // Every value of an int range (up to kMaxRangeValues; else its end points),
  // for facts about quotients and products, which are not linear.
  std::vector<int64_t> all_values_of(const ir::HyperDomain& h) const;
  static constexpr int64_t kMaxRangeValues = 4096;
  // Caps the number of points one fact is checked at (the product of the candidates).
  static constexpr size_t kMaxPoints = size_t{1} << 16;

 private:
  const ir::SearchSpace& space_;
  std::map<std::string, int64_t> known_;
  std::set<std::string> generic_;

  ir::Dim substitute_known(const ir::Dim& d) const;
};

}  // namespace xp
