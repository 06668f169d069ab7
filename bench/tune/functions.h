#pragma once
// Benchmark objectives shared by the sample-efficiency benchmark; the Python
// twin in optuna_bench.py defines the same functions and spaces.
#include <cmath>
#include <string>

#include "ir/ir.h"

namespace bench {

inline double num(const xp::ir::Assignment& a, const char* k) { return a.at(k).number; }

// Branin on [-5, 10] × [0, 15]; minimum 0.397887.
inline double branin(const xp::ir::Assignment& a) {
  const double x1 = num(a, "x1"), x2 = num(a, "x2"), pi = 3.14159265358979323846;
  return std::pow(x2 - 5.1 / (4 * pi * pi) * x1 * x1 + 5 / pi * x1 - 6, 2) + 10 * (1 - 1 / (8 * pi)) * std::cos(x1) + 10;
}
constexpr double kBraninMin = 0.397887;

// Hartmann-6 on [0, 1]^6; minimum −3.32237.
inline double hartmann6(const xp::ir::Assignment& a) {
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
  static const double P[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                 {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  const char* names[6] = {"x1", "x2", "x3", "x4", "x5", "x6"};
  double f = 0;
  for (int i = 0; i < 4; ++i) {
    double s = 0;
    for (int j = 0; j < 6; ++j) s += A[i][j] * std::pow(num(a, names[j]) - P[i][j], 2);
    f -= alpha[i] * std::exp(-s);
  }
  return f;
}
constexpr double kHartmannMin = -3.32237;

// Mixed: a categorical shift, an integer and a 3-D Rosenbrock valley on
// [-2, 2]^3 (scaled by 1/100); minimum 0 at c = a, k = 3, x = (1, 1, 1).
inline double mixed(const xp::ir::Assignment& a) {
  const std::string c = a.at("c").text;
  const double shift = c == "a" ? 0.0 : c == "b" ? 0.5 : c == "c" ? 1.0 : 1.5;
  const double x[3] = {num(a, "x1"), num(a, "x2"), num(a, "x3")};
  double r = 0;
  for (int i = 0; i < 2; ++i) r += 100 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1 - x[i], 2);
  return r / 100 + shift + 0.1 * std::abs(num(a, "k") - 3);
}
constexpr double kMixedMin = 0.0;

}  // namespace bench
