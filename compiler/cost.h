#pragma once
// Cost estimates per model (`exp check --cost`): parameter count, FLOPs per
// example (forward pass) and memory per training batch, as formulas in the
// hypers and data dimensions, and their min–max over the search space —
// every combination of finite choices, and the end points of int ranges
// (the formulas are polynomials with non-negative coefficients in practice,
// so the extremes sit at the corners) — so a user sees before running that a
// configuration cannot fit.
//
// Memory per batch counts float32 values: activations of the batch twice
// (values and gradients) plus each parameter four times (value, gradient and
// two optimizer moments, as Adam keeps).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/data_probe.h"
#include "ir/ir.h"

namespace xp {

// A polynomial in size symbols: Σ coef · Π symbols (a monomial is a sorted
// list of symbol names, repeats allowed).
struct Poly {
  std::map<std::vector<std::string>, double> terms;

  static Poly constant(double c);
  static Poly of(const ir::Dim& d);
  static Poly product(const ir::Shape& s);  // number of elements
  Poly operator+(const Poly& o) const;
  Poly operator*(const Poly& o) const;
  Poly substitute(const std::map<std::string, Poly>& by) const;
  std::optional<double> eval(const std::map<std::string, double>& values) const;
  std::vector<std::string> symbols() const;
  std::string str() const;  // "2*F*hidden + hidden", "0"
};

struct CostRange {
  bool known = false;   // false: a symbol without a value at check time (data not readable)
  double low = 0, high = 0;
  std::vector<std::string> unbound;  // those symbols
};

struct ModelCost {
  std::string model;
  std::string data;                        // the data set training binds, "" if none
  std::map<std::string, int64_t> bound;    // data dims known at check time (F = 4)
  Poly params, flops, memory;
  CostRange params_range, flops_range, memory_range;
  // A model of an imported file (std.models) that no train block here
  // trains: --cost leaves it out (its cost shows in the models that call it).
  bool library = false;
};

// The most memory training one model may need by this estimate (the
// memory/batch figure's upper end over the search space): the checker
// refuses a larger model (E0319) instead of letting the run fail to allocate.
inline constexpr double kMaxTrainingBytes = 32.0 * 1024 * 1024 * 1024;

std::vector<ModelCost> estimate_costs(const ir::Program& p, const DataFactsByName& data);
// 149 GiB, 1.2 MFLOP, 30: `unit` "B" counts in powers of 1024, others in 1000s.
std::string human(double v, const char* unit);
std::string format_costs(const std::vector<ModelCost>& costs);

}  // namespace xp
