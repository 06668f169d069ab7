// The tuning benchmarks (not a test): sample efficiency of our TPE and random
// search on three functions, and the overhead of 1,000 TPE trials on a
// trivial 5-D objective. Run by bench/tune/run.sh next to optuna_bench.py.
//
//   tune_bench efficiency [trials=50] [seeds=20 | first:count] ["tpe batch=1" ...]
//   tune_bench overhead [trials=1000] [store.db] [tpe|random] [memory,sqlite]
//     CPU ms per trial by block of trials/10 (at least 100): flat for random
//     (runner + store), linear in the trials seen for TPE (docs/tuning.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/tune/functions.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;

namespace {

ir::HyperDomain range(const char* name, double lo, double hi, ir::HyperDomain::Kind kind = ir::HyperDomain::Kind::Uniform) {
  ir::HyperDomain d;
  d.kind = kind;
  d.name = name;
  d.low = lo;
  d.high = hi;
  return d;
}

struct Problem {
  const char* name;
  ir::SearchSpace space;
  double (*f)(const ir::Assignment&);
  double minimum;
};

std::vector<Problem> problems() {
  std::vector<Problem> out;
  ir::SearchSpace br;
  br.hypers = {range("x1", -5, 10), range("x2", 0, 15)};
  out.push_back({"branin", br, bench::branin, bench::kBraninMin});
  ir::SearchSpace h6;
  for (const char* n : {"x1", "x2", "x3", "x4", "x5", "x6"}) h6.hypers.push_back(range(n, 0, 1));
  out.push_back({"hartmann6", h6, bench::hartmann6, bench::kHartmannMin});
  ir::SearchSpace mx;
  ir::HyperDomain c;
  c.kind = ir::HyperDomain::Kind::Choice;
  c.name = "c";
  for (const char* v : {"a", "b", "c", "d"}) c.choices.push_back(ir::Value::name(v));
  mx.hypers = {c, range("k", 0, 10, ir::HyperDomain::Kind::Int), range("x1", -2, 2), range("x2", -2, 2), range("x3", -2, 2)};
  out.push_back({"mixed", mx, bench::mixed, bench::kMixedMin});
  return out;
}

// A tune block's options from "key=value" words: numbers, or true / false.
ir::TuneSpec spec_for(const std::string& method, int trials, const std::vector<std::string>& options) {
  ir::TuneSpec t;
  t.method = method;
  t.trials = trials;
  t.maximize = false;
  for (const std::string& word : options) {
    const size_t eq = word.find('=');
    ir::NamedHExpr o;
    o.name = word.substr(0, eq);
    const std::string value = eq == std::string::npos ? "true" : word.substr(eq + 1);
    if (value == "true" || value == "false") {
      o.value.kind = ir::HExpr::Kind::Name;
      o.value.name = value;
    } else {
      const double v = std::atof(value.c_str());
      o.value = ir::HExpr::constant(v, v == std::floor(v));
    }
    t.options.push_back(o);
  }
  return t;
}

// "tpe batch=1 multivariate" → method and options.
struct Variant {
  std::string label, method;
  std::vector<std::string> options;
};

Variant parse_variant(const std::string& text) {
  Variant v;
  v.label = "exp " + text;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) (v.method.empty() ? v.method : v.options.emplace_back()) = text.substr(at, end - at);
    at = end + 1;
  }
  return v;
}

// The q-quantile of v (linear interpolation between order statistics).
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const size_t i = static_cast<size_t>(at);
  return i + 1 < v.size() ? v[i] + (at - static_cast<double>(i)) * (v[i + 1] - v[i]) : v[i];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Each variant: "method [key=value ...]"; the default list is the README's table.
// Seeds first_seed … first_seed + seeds − 1.
int efficiency(int trials, int first_seed, int seeds, std::vector<std::string> variants) {
  if (variants.empty())
    variants = {"tpe", "tpe batch=1", "tpe multivariate=false", "tpe gamma=0.1", "random", "sobol"};
  std::printf("sample efficiency: best-found regret after %d trials over %d seeds (exp, parallel = 1)\n", trials, seeds);
  std::printf("each cell: median [25th–75th percentile] mean\n");
  std::printf("%-30s %-26s %-26s %-26s\n", "sampler", "branin", "hartmann6", "mixed");
  for (const std::string& text : variants) {
    const Variant v = parse_variant(text);
    std::printf("%-30s", v.label.c_str());
    for (const Problem& p : problems()) {
      std::vector<double> regrets;
      for (int s = first_seed; s < first_seed + seeds; ++s) {
        MemoryStore store;
        StudyOptions o;
        o.seed = static_cast<uint64_t>(s);
        o.parallel = 1;
        auto f = p.f;
        auto r = run_study(p.space, spec_for(v.method, trials, v.options),
                           [f](const ir::Assignment& a, TrialContext&) {
                             TrialOutcome out;
                             out.value = f(a);
                             return out;
                           },
                           store, o);
        regrets.push_back(r.trials[static_cast<size_t>(r.best)].value - p.minimum);
      }
      std::printf(" %6.3f [%5.3f–%5.3f] %6.3f", quantile(regrets, 0.5), quantile(regrets, 0.25), quantile(regrets, 0.75),
                  mean(regrets));
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  return 0;
}

// CPU ms per trial over blocks of `block` trials, from the CPU time stamped
// after each trial.
std::vector<double> per_trial_by_block(const std::vector<double>& stamps, int block) {
  std::vector<double> out;
  for (int b = 0; b + block <= static_cast<int>(stamps.size()); b += block) {
    const double start = b == 0 ? 0 : stamps[static_cast<size_t>(b - 1)];
    out.push_back(1000 * (stamps[static_cast<size_t>(b + block - 1)] - start) / block);
  }
  return out;
}

// `method`: tpe (the cost grows with the trials it learns from) or random
// (no learning: what is left is the runner's and the store's cost, which
// must stay flat).
int overhead(int trials, const std::string& db, const std::string& method, const std::string& stores) {
  ir::SearchSpace space;
  for (const char* n : {"a", "b", "c", "d", "e"}) space.hypers.push_back(range(n, -1, 1));
  const int block = std::max(100, trials / 10);
  auto run_once = [&](StudyStore& store, const char* label) {
    std::vector<double> stamps;
    stamps.reserve(static_cast<size_t>(trials));
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    StudyOptions o;
    o.seed = 1;
    o.parallel = 1;
    o.progress = [&](const TrialRecord&, const StudyProgress&) {
      stamps.push_back(static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);  // CPU: robust to a busy machine
    };
    run_study(space, spec_for(method, trials, {}), [](const ir::Assignment& a, TrialContext&) {
      TrialOutcome out;
      for (const auto& [k, v] : a) out.value += v.number * v.number;
      return out;
    }, store, o);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = stamps.back();
    std::printf("%-28s %d %s trials in %.3f s CPU, %.3f s wall (%.2f ms CPU/trial)\n", label, trials, method.c_str(), cpu,
                wall, 1000 * cpu / trials);
    const std::vector<double> blocks = per_trial_by_block(stamps, block);
    std::printf("  CPU ms per trial by block of %d:", block);
    for (double b : blocks) std::printf(" %.3f", b);
    std::printf("\n");
    if (trials >= 10 * block && blocks.size() >= 10)
      std::printf("  last block / first block: %.2fx\n", blocks.back() / blocks.front());
  };
  std::printf("overhead: trivial 5-D objective (sum of squares), exp %s defaults, parallel = 1\n", method.c_str());
  if (stores.find("memory") != std::string::npos) {
    MemoryStore memory;
    run_once(memory, "exp, in-memory store");
  }
  if (stores.find("sqlite") != std::string::npos) {
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    std::filesystem::remove(db + "-shm");
    SqliteStore sqlite(db);
    run_once(sqlite, "exp, SQLite store");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "efficiency";
  if (what == "efficiency") {
    // seeds: "20" (seeds 0–19) or "100:20" (seeds 100–119)
    const std::string seeds = argc > 3 ? argv[3] : "20";
    const size_t colon = seeds.find(':');
    const int first = colon == std::string::npos ? 0 : std::atoi(seeds.c_str());
    const int count = std::atoi(seeds.c_str() + (colon == std::string::npos ? 0 : colon + 1));
    return efficiency(argc > 2 ? std::atoi(argv[2]) : 50, first, count,
                      std::vector<std::string>(argv + std::min(argc, 4), argv + argc));
  }
  if (what == "overhead")
    return overhead(argc > 2 ? std::atoi(argv[2]) : 1000, argc > 3 ? argv[3] : "tune_bench.db", argc > 4 ? argv[4] : "tpe",
                    argc > 5 ? argv[5] : "memory,sqlite");
  std::fprintf(stderr, "usage: tune_bench efficiency [trials] [seeds | first:count] [variant ...] | overhead [trials] [store.db] [tpe|random] [memory,sqlite]\n");
  return 2;
}
