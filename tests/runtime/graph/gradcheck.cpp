#include "tests/runtime/graph/gradcheck.h"

#include <cmath>

#include <fmt/format.h>

#include "runtime/graph/builder.h"
#include "runtime/core/random.h"

namespace xp::rt::testing {
namespace {

constexpr int64_t kRows = 3;
constexpr float kStep = 1e-2f;
constexpr double kAbsTol = 2e-3, kRelTol = 2e-2;

void fill(Tensor& t, int64_t rows, Domain d, int64_t classes, uint64_t& rng) {
  const int64_t cols = t.layout.cols;
  for (int64_t i = 0; i < rows; ++i) {
    double row_sum = 0;
    for (int64_t j = 0; j < cols; ++j) {
      float& v = t.data[i * cols + j];
      const double u = uniform01(rng);
      switch (d) {
        case Domain::Any: v = static_cast<float>(2.0 * u - 1.0) * 1.5f; break;
        case Domain::Positive: v = static_cast<float>(0.5 + 1.5 * u); break;
        case Domain::Labels: v = static_cast<float>(static_cast<int64_t>(u * static_cast<double>(classes))); break;
        case Domain::Binary: v = u < 0.5 ? 0.f : 1.f; break;
        case Domain::Distribution: v = static_cast<float>(0.1 + u); row_sum += v; break;
      }
    }
    if (d == Domain::Distribution)
      for (int64_t j = 0; j < cols; ++j) t.data[i * cols + j] /= static_cast<float>(row_sum);
  }
}

// Records `apply` over leaves for `args`, reduces its result to one number
// with fixed random weights, and compares the analytic gradient of every
// differentiated argument with central differences.
GradcheckResult check_graph(const std::string& kernel, std::vector<ArgSpec> args, const Composite& apply,
                            int64_t label_classes, uint64_t seed) {
  GraphBuilder g(seed);
  std::vector<int> ids;
  for (size_t i = 0; i < args.size(); ++i) {
    const ArgSpec& a = args[i];
    if (a.layout.batched) ids.push_back(g.input(fmt::format("a{}", i), a.layout, a.differentiate));
    else ids.push_back(g.param(fmt::format("p{}", i), a.layout, init_spec("zeros")));
  }
  int out = apply(g, ids);
  int loss = out;
  int weights = -1;
  const Layout ol = g.layout(out);
  if (!(ol.rows == 1 && ol.cols == 1 && !ol.batched)) {
    if (ol.batched && ol.rank >= 2) out = g.apply("flatten", {out});  // weights broadcast along one axis
    Layout wl = g.layout(out);
    wl.batched = false;
    if (wl.rank == 0 && wl.cols > 1) wl.rank = 1;
    weights = g.param("weights", wl, init_spec("normal", {{"std", 1.0}}));
    loss = g.apply("sum", {g.apply("mul", {out, weights})});
  }
  Executable exe = g.build(loss, -1, kRows);
  exe.set_rows(kRows);

  uint64_t rng = seed * 7919 + 17;
  for (size_t i = 0; i < args.size(); ++i) {
    Tensor& t = exe.tensor(ids[i]);
    fill(t, args[i].layout.batched ? kRows : t.layout.rows, args[i].domain, label_classes, rng);
  }
  exe.forward(true);
  exe.backward();

  GradcheckResult r;
  r.ops = exe.op_count();
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].differentiate) continue;
    Tensor& t = exe.tensor(ids[i]);
    const int64_t n = (args[i].layout.batched ? kRows : t.layout.rows) * t.layout.cols;
    std::vector<float> analytic(t.grad, t.grad + n);
    for (int64_t k = 0; k < n; ++k) {
      const float orig = t.data[k];
      const double l0 = exe.forward(true);
      t.data[k] = orig + kStep;
      const double lp = exe.forward(true);
      t.data[k] = orig - kStep;
      const double lm = exe.forward(true);
      t.data[k] = orig;
      const double central = (lp - lm) / (2.0 * kStep);
      const double right = (lp - l0) / kStep, left = (l0 - lm) / kStep;
      if (std::fabs(right - left) > 0.25 * (1.0 + std::fabs(central))) {  // a kink within one step
        ++r.skipped;
        continue;
      }
      ++r.checked;
      const double diff = std::fabs(central - analytic[static_cast<size_t>(k)]);
      r.worst = std::max(r.worst, diff);
      if (diff > kAbsTol + kRelTol * std::fabs(central)) {
        r.ok = false;
        if (r.report.size() < 600)
          r.report += fmt::format("{} arg {} element {}: analytic {:.6f}, numeric {:.6f}\n", kernel, i, k,
                                  analytic[static_cast<size_t>(k)], central);
      }
    }
  }
  if (r.skipped > r.checked) {
    r.ok = false;
    r.report += fmt::format("{}: {} elements skipped near kinks, only {} checked\n", kernel, r.skipped, r.checked);
  }
  if (r.checked == 0) {
    r.ok = false;
    r.report += kernel + ": nothing to check\n";
  }
  return r;
}

}  // namespace

GradcheckResult gradcheck(const std::string& kernel, std::vector<ArgSpec> args, std::vector<Attr> attrs,
                          int64_t label_classes, uint64_t seed) {
  return check_graph(
      kernel, std::move(args), [&](GraphBuilder& g, const std::vector<int>& ids) { return g.apply(kernel, ids, attrs); },
      label_classes, seed);
}

GradcheckResult gradcheck_composite(const std::string& what, std::vector<ArgSpec> args, const Composite& apply,
                                    uint64_t seed) {
  return check_graph(what, std::move(args), apply, 0, seed);
}

InitSpec init_spec(std::string fn, std::vector<std::pair<std::string, double>> args) {
  InitSpec s;
  s.fn = std::move(fn);
  s.args = std::move(args);
  return s;
}

}  // namespace xp::rt::testing

