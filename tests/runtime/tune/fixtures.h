#pragma once
// Small builders for tuning tests: spaces, tune blocks and temp files.
#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "ir/ir.h"

namespace xp::rt::testing {

inline ir::HyperDomain uniform(std::string name, double lo, double hi) {
  ir::HyperDomain d;
  d.kind = ir::HyperDomain::Kind::Uniform;
  d.name = std::move(name);
  d.low = lo;
  d.high = hi;
  return d;
}
inline ir::HyperDomain loguniform(std::string name, double lo, double hi) {
  auto d = uniform(std::move(name), lo, hi);
  d.kind = ir::HyperDomain::Kind::LogUniform;
  return d;
}
inline ir::HyperDomain integer(std::string name, double lo, double hi, double step = 0, bool log = false) {
  auto d = uniform(std::move(name), lo, hi);
  d.kind = ir::HyperDomain::Kind::Int;
  d.step = step;
  d.log = log;
  return d;
}
inline ir::HyperDomain choice(std::string name, std::vector<ir::Value> values) {
  ir::HyperDomain d;
  d.kind = ir::HyperDomain::Kind::Choice;
  d.name = std::move(name);
  d.choices = std::move(values);
  return d;
}
inline ir::HyperDomain fixed(std::string name, ir::Value v) {
  ir::HyperDomain d;
  d.name = std::move(name);
  d.fixed = std::move(v);
  return d;
}
inline ir::HyperDomain when(ir::HyperDomain d, std::string hyper, std::string op, ir::Value v) {
  ir::Condition c;
  c.hyper = std::move(hyper);
  c.op = parse_cmp_op(op).value();
  c.value = std::move(v);
  d.when.push_back(std::move(c));
  return d;
}
inline ir::SearchSpace space_of(std::vector<ir::HyperDomain> hypers) {
  ir::SearchSpace s;
  s.hypers = std::move(hypers);
  return s;
}
inline ir::TuneSpec tune_spec(std::string method, int trials, bool maximize = false) {
  ir::TuneSpec t;
  t.method = std::move(method);
  t.trials = trials;
  t.maximize = maximize;
  return t;
}
inline void add_option(ir::TuneSpec& t, std::string name, double v) {
  ir::NamedHExpr o;
  o.name = std::move(name);
  o.value = ir::HExpr::constant(v, v == static_cast<long long>(v));
  t.options.push_back(std::move(o));
}
inline void add_flag(ir::TuneSpec& t, std::string name, bool v) {
  ir::NamedHExpr o;
  o.name = std::move(name);
  o.value.kind = ir::HExpr::Kind::Name;
  o.value.name = v ? "true" : "false";
  t.options.push_back(std::move(o));
}
inline ir::CallSpec call(std::string fn, std::vector<std::pair<std::string, double>> args = {}) {
  ir::CallSpec c;
  c.fn = std::move(fn);
  for (auto& [k, v] : args) {
    ir::NamedHExpr o;
    o.name = k;
    o.value = ir::HExpr::constant(v, v == static_cast<long long>(v));
    c.args.push_back(std::move(o));
  }
  return c;
}
inline double num(const ir::Assignment& a, const std::string& k) { return a.at(k).number; }

// A fresh path in the temp folder, removed (with its WAL files) on destruction.
struct TempPath {
  std::filesystem::path path;
  explicit TempPath(const std::string& stem) {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
    clean();
  }
  ~TempPath() { clean(); }
  void clean() const {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
  }
  std::string str() const { return path.string(); }
};

}  // namespace xp::rt::testing
