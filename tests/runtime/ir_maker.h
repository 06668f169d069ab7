#pragma once
// Builds IR graphs and models by hand for runtime tests (the lowering that
// produces them from scripts is tested on its own).
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace xp::rt::testing {

inline Span span_at(uint32_t begin) { return Span{0, begin, begin + 1}; }

class GraphMaker {
 public:
  int input(int index, std::string name = "x") { return add(ir::OpKind::Input, std::move(name), index); }
  int target() { return add(ir::OpKind::Target, "y"); }
  int param(int index, std::string name) { return add(ir::OpKind::Param, std::move(name), index); }
  int hyper(std::string name) { return add(ir::OpKind::Hyper, std::move(name)); }
  int constant(double v) {
    ir::Op op;
    op.kind = ir::OpKind::Const;
    op.value = v;
    return push(std::move(op));
  }
  int op(ir::OpKind kind, std::vector<int> args, uint32_t at = 0) {
    ir::Op o;
    o.kind = kind;
    o.args = std::move(args);
    o.span = span_at(at);
    return push(std::move(o));
  }
  int builtin(std::string name, std::vector<int> args, std::vector<std::pair<std::string, double>> attrs = {},
              uint32_t at = 0) {
    ir::Op o;
    o.kind = ir::OpKind::Builtin;
    o.name = std::move(name);
    o.args = std::move(args);
    for (auto& [n, v] : attrs) o.attrs.push_back({n, ir::HExpr::constant(v), {}});
    o.span = span_at(at);
    return push(std::move(o));
  }
  int builtin_by_hyper(std::string hyper, std::vector<int> args) {
    ir::Op o;
    o.kind = ir::OpKind::Builtin;
    o.fn_hyper = std::move(hyper);
    o.args = std::move(args);
    return push(std::move(o));
  }
  int call(std::string model, std::vector<int> args, std::string site = "", std::vector<ir::Dim> dims = {}) {
    ir::Op o;
    o.kind = ir::OpKind::CallModel;
    o.name = std::move(model);
    o.args = std::move(args);
    o.site = std::move(site);
    o.dim_args = std::move(dims);
    return push(std::move(o));
  }
  ir::Graph done(int output) {
    g_.output = output;
    return std::move(g_);
  }

 private:
  int add(ir::OpKind kind, std::string name, int index = -1) {
    ir::Op o;
    o.kind = kind;
    o.name = std::move(name);
    o.index = index;
    return push(std::move(o));
  }
  int push(ir::Op o) { return g_.add(std::move(o)); }
  ir::Graph g_;
};

inline ir::CallSpec call_spec(std::string fn, std::vector<std::pair<std::string, double>> args = {}) {
  ir::CallSpec c;
  c.fn = std::move(fn);
  for (auto& [n, v] : args) c.args.push_back({n, ir::HExpr::constant(v), {}});
  return c;
}

inline ir::ParamSpec param_spec(std::string name, ir::Shape shape, std::string init = "zeros") {
  ir::ParamSpec p;
  p.name = std::move(name);
  p.shape = std::move(shape);
  p.init = call_spec(std::move(init));
  return p;
}

inline ir::ModelInputSpec tensor_input(std::string name, ir::Shape shape) {
  return {std::move(name), false, std::move(shape), {}};
}
inline ir::ModelInputSpec int_input(std::string name) { return {std::move(name), true, {}, {}}; }

}  // namespace xp::rt::testing
