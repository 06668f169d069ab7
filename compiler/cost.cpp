#include "compiler/cost.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "base/plural.h"
#include "compiler/passes/dim_prover.h"

namespace xp {

// ---- Poly -------------------------------------------------------------------------

Poly Poly::constant(double c) {
  Poly p;
  if (c != 0) p.terms[{}] = c;
  return p;
}

Poly Poly::of(const ir::Dim& d) {
  Poly p = constant(static_cast<double>(d.constant));
  for (const auto& [sym, coef] : d.terms) p.terms[{sym}] += static_cast<double>(coef);
  // An atom (a convolution's output size, a flattened image) is one opaque factor named by its text.
  for (const auto& a : d.atoms) p.terms[{"(" + a.str() + ")"}] += static_cast<double>(a.coef);
  return p;
}

Poly Poly::product(const ir::Shape& s) {
  Poly p = constant(1);
  for (const auto& d : s) p = p * of(d);
  return p;
}

Poly Poly::operator+(const Poly& o) const {
  Poly r = *this;
  for (const auto& [m, c] : o.terms)
    if ((r.terms[m] += c) == 0) r.terms.erase(m);
  return r;
}

Poly Poly::operator*(const Poly& o) const {
  Poly r;
  for (const auto& [ma, ca] : terms)
    for (const auto& [mb, cb] : o.terms) {
      std::vector<std::string> m = ma;
      m.insert(m.end(), mb.begin(), mb.end());
      std::sort(m.begin(), m.end());
      if ((r.terms[m] += ca * cb) == 0) r.terms.erase(m);
    }
  return r;
}

Poly Poly::substitute(const std::map<std::string, Poly>& by) const {
  Poly r;
  for (const auto& [m, c] : terms) {
    Poly t = constant(c);
    for (const auto& s : m) {
      auto it = by.find(s);
      Poly factor;
      if (it != by.end()) factor = it->second;
      else factor.terms[{s}] = 1;
      t = t * factor;
    }
    r = r + t;
  }
  return r;
}

std::optional<double> Poly::eval(const std::map<std::string, double>& values) const {
  double total = 0;
  for (const auto& [m, c] : terms) {
    double t = c;
    for (const auto& s : m) {
      auto it = values.find(s);
      if (it == values.end()) return std::nullopt;
      t *= it->second;
    }
    total += t;
  }
  return total;
}

std::vector<std::string> Poly::symbols() const {
  std::set<std::string> s;
  for (const auto& [m, c] : terms) s.insert(m.begin(), m.end());
  return {s.begin(), s.end()};
}

std::string Poly::str() const {
  if (terms.empty()) return "0";
  // Highest degree first, then by name: the dominant term leads.
  std::vector<std::pair<std::vector<std::string>, double>> order(terms.begin(), terms.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string out;
  for (const auto& [m, c] : order) {
    double mag = std::abs(c);
    out += out.empty() ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ");
    std::string factors;
    for (const auto& s : m) factors += (factors.empty() ? "" : "*") + s;
    if (factors.empty()) out += ir::Value::num(mag, mag == std::floor(mag)).str();
    else if (mag == 1) out += factors;
    else out += ir::Value::num(mag, mag == std::floor(mag)).str() + "*" + factors;
  }
  return out;
}

// ---- per-model estimates ------------------------------------------------------------

namespace {

// scratch: floats per example a kernel keeps beside its output (conv's
// im2col patches, attention's probabilities), counted once in memory.
struct Formulas { Poly params, flops, activations, scratch; };

class Estimator {
 public:
  explicit Estimator(const ir::Program& p) : p_(p) {}

  // In the model's own symbols; memoised.
  const Formulas& of(const std::string& model) {
    if (auto it = done_.find(model); it != done_.end()) return it->second;
    Formulas f;
    done_[model] = f;  // a (rejected) recursive model costs its own ops only
    const ir::ModelGraph* m = p_.find_model(model);
    if (m) f = compute(*m);
    return done_[model] = f;
  }

 private:
  const ir::Program& p_;
  std::map<std::string, Formulas> done_;

  Formulas compute(const ir::ModelGraph& m) {
    Formulas f;
    for (const auto& param : m.params) f.params = f.params + Poly::product(param.shape);
    for (const auto& op : m.body.ops) {
      Poly n = Poly::product(op.shape);
      if (op.batched && op.kind != ir::OpKind::Input) f.activations = f.activations + n;
      switch (op.kind) {
        case ir::OpKind::MatMul: {
          const ir::Op& lhs = m.body.ops.at(static_cast<size_t>(op.args[0]));
          Poly inner = lhs.shape.empty() ? Poly::constant(1) : Poly::of(lhs.shape.back());
          f.flops = f.flops + Poly::constant(2) * n * inner;
          break;
        }
        case ir::OpKind::Builtin:
          if (op.name == "attention" && op.args.size() >= 3) {  // Q·Kᵀ and P·V: 2·s·(t·d + t·e) per head
            const ir::Shape& q = m.body.ops.at(static_cast<size_t>(op.args[0])).shape;
            const ir::Shape& k = m.body.ops.at(static_cast<size_t>(op.args[1])).shape;
            if (k.size() < 2 || q.empty()) break;
            const Poly keys = Poly::of(k[k.size() - 2]);
            f.flops = f.flops + Poly::constant(2) * keys * (n + Poly::product(q));
            // the probabilities and their gradient: 2·t·s per head
            f.scratch = f.scratch + Poly::constant(2) * keys * Poly::product(ir::Shape(q.begin(), q.end() - 1));
            break;
          }
          if ((op.name == "conv2d" || op.name == "conv1d") && op.args.size() == 2) {  // a multiply-add per output and filter tap: 2·out·kh·kw·c
            const ir::Shape& k = m.body.ops.at(static_cast<size_t>(op.args[1])).shape;
            Poly taps = Poly::constant(1);
            for (size_t a = 0; a + 1 < k.size(); ++a) taps = taps * Poly::of(k[a]);
            f.flops = f.flops + Poly::constant(2) * n * taps;
            // the im2col patches: one row of kh·kw·c taps per output position
            if (!op.shape.empty()) f.scratch = f.scratch + Poly::product(ir::Shape(op.shape.begin(), op.shape.end() - 1)) * taps;
            break;
          }
          if (op.name == "masked_mean" && !op.args.empty()) {  // a multiply-add per input number
            f.flops = f.flops + Poly::constant(2) * Poly::product(m.body.ops.at(static_cast<size_t>(op.args[0])).shape);
            break;
          }
          f.flops = f.flops + n;
          break;
        case ir::OpKind::Add: case ir::OpKind::Sub: case ir::OpKind::Mul: case ir::OpKind::Div:
        case ir::OpKind::Pow: case ir::OpKind::Neg:
          f.flops = f.flops + n;
          break;
        case ir::OpKind::CallModel: {
          const Formulas& callee = of(op.name);
          auto by = binding(op, m);
          f.params = f.params + callee.params.substitute(by);
          f.flops = f.flops + callee.flops.substitute(by);
          f.activations = f.activations + callee.activations.substitute(by);
          f.scratch = f.scratch + callee.scratch.substitute(by);
          break;
        }
        default: break;
      }
    }
    return f;
  }

  // The callee's int inputs and lone free dims in the caller's terms.
  std::map<std::string, Poly> binding(const ir::Op& call, const ir::ModelGraph& caller) {
    std::map<std::string, Poly> by;
    const ir::ModelGraph* callee = p_.find_model(call.name);
    if (!callee) return by;
    size_t dim = 0, tensor = 0;
    for (const auto& in : callee->inputs) {
      if (in.is_int) {
        if (dim < call.dim_args.size()) by[in.name] = Poly::of(call.dim_args[dim++]);
        continue;
      }
      if (tensor >= call.args.size()) continue;
      const ir::Op& arg = caller.body.ops.at(static_cast<size_t>(call.args[tensor++]));
      for (size_t k = 0; k < in.shape.size() && k < arg.shape.size(); ++k) {
        const ir::Dim& d = in.shape[k];
        if (const std::string sym = d.lone_symbol(); !sym.empty() && !by.count(sym)) by[sym] = Poly::of(arg.shape[k]);
      }
    }
    return by;
  }
};

// min/max of `f` over every combination of the symbols' candidate values.
CostRange range_of(const Poly& f, const std::map<std::string, std::vector<double>>& candidates) {
  CostRange r;
  std::vector<std::pair<std::string, std::vector<double>>> vars;
  for (const auto& s : f.symbols()) {
    auto it = candidates.find(s);
    if (it == candidates.end() || it->second.empty()) r.unbound.push_back(s);
    else vars.emplace_back(s, it->second);
  }
  if (!r.unbound.empty()) return r;
  size_t total = 1;
  for (const auto& v : vars) total = std::min<size_t>(total * v.second.size(), DimProver::kMaxPoints + 1);
  if (total > DimProver::kMaxPoints) return r;
  std::vector<size_t> at(vars.size(), 0);
  std::map<std::string, double> point;
  for (bool first = true;; first = false) {
    for (size_t i = 0; i < vars.size(); ++i) point[vars[i].first] = vars[i].second[at[i]];
    double v = f.eval(point).value_or(0);
    r.low = first ? v : std::min(r.low, v);
    r.high = first ? v : std::max(r.high, v);
    size_t i = 0;
    while (i < vars.size() && ++at[i] == vars[i].second.size()) at[i++] = 0;
    if (i == vars.size()) break;
  }
  r.known = true;
  return r;
}

std::string range_text(const CostRange& r, const char* unit) {
  if (!r.known) {
    if (r.unbound.empty()) return "(too many combinations to enumerate)";
    std::string s;
    for (const auto& u : r.unbound) s += (s.empty() ? "" : ", ") + u;
    return "(depends on " + s + ", known when training binds them)";
  }
  if (r.low == r.high) return human(r.low, unit);
  return human(r.low, unit) + " … " + human(r.high, unit);
}

}  // namespace

std::string human(double v, const char* unit) {
  const char* prefixes[] = {"", "K", "M", "G", "T", "P"};
  int k = 0;
  double base = std::string(unit) == "B" ? 1024 : 1000;
  while (std::abs(v) >= base && k < 5) v /= base, ++k;
  std::string num = k == 0 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v);
  std::string suffix = std::string(prefixes[k]) + (std::string(unit) == "B" && k ? "i" : "") + unit;
  return suffix.empty() ? num : num + " " + suffix;
}

// The trained model's int inputs as its train loss's call binds them, in
// the train block's symbols (hypers, `vocab`, numbers); empty without one.
static std::map<std::string, Poly> root_int_inputs(const ir::ModelGraph& m, const ir::TrainSpec* t) {
  std::map<std::string, Poly> out;
  if (!t) return out;
  for (const auto& op : t->loss.ops) {
    if (op.kind != ir::OpKind::CallModel || op.name != m.name || !op.site.empty()) continue;
    size_t k = 0;
    for (const auto& in : m.inputs)
      if (in.is_int && k < op.dim_args.size()) out[in.name] = Poly::of(op.dim_args[k++]);
    break;
  }
  return out;
}

std::vector<ModelCost> estimate_costs(const ir::Program& p, const DataFactsByName& data) {
  Estimator est(p);
  DimProver values(p.space);
  std::map<std::string, std::vector<double>> hyper_values;
  for (const auto& h : p.space.hypers)
    for (int64_t v : values.values_of(h)) hyper_values[h.name].push_back(static_cast<double>(v));
  std::vector<ModelCost> out;
  for (const auto& m : p.models) {
    ModelCost c;
    c.model = m.name;
    const Formulas& f = est.of(m.name);
    auto candidates = hyper_values;
    Poly batch = Poly::constant(32);
    if (const ir::TrainSpec* t = p.find_train(m.name)) {
      c.data = t->data;
      auto facts = data.find(t->data);
      for (const auto& [sym, what] : t->dim_bindings) {
        if (facts == data.end() || !facts->second.known) continue;
        const DataFacts& d = facts->second;
        int64_t v = what == "features" ? d.features
                    : what == "classes" ? d.classes
                    : what == "vocab"   ? d.vocab
                                        : d.targets;
        c.bound[sym] = v;
        candidates[sym] = {static_cast<double>(v)};
      }
      // An image (`shape: [8, 8, 1]`, `bars`) binds the input's axes one by
      // one, as the runtime does: x: [H, W, C] takes H = 8, W = 8, C = 1.
      if (facts != data.end() && facts->second.known && !m.inputs.empty()) {
        const std::vector<int64_t>& example = facts->second.shape;
        const ir::Shape& x = m.inputs.front().shape;
        for (size_t i = 0; example.size() > 1 && i < x.size() && x.size() == example.size(); ++i)
          if (const std::string sym = x[i].lone_symbol(); !sym.empty() && !c.bound.count(sym)) {
            c.bound[sym] = example[i];
            candidates[sym] = {static_cast<double>(example[i])};
          }
      }
      if (t->batch.kind == ir::HExpr::Kind::Const) batch = Poly::constant(t->batch.value);
      else if (t->batch.kind == ir::HExpr::Kind::Hyper) {
        Poly b;
        b.terms[{t->batch.name}] = 1;
        batch = b;
      }
    }
    // Any data dim not bound by a train statement keeps its name; a model
    // used only inside others is costed where it is called. The trained
    // model's int inputs take what its train loss passes (`net(x, vocab)`,
    // `mlp(x, width, 1)`).
    const std::map<std::string, Poly> ints = root_int_inputs(m, p.find_train(m.name));
    c.params = f.params.substitute(ints);
    c.flops = f.flops.substitute(ints);
    c.memory = Poly::constant(4) * (Poly::constant(2) * batch * f.activations.substitute(ints) +
                                    batch * f.scratch.substitute(ints) + Poly::constant(4) * c.params);
    c.params_range = range_of(c.params, candidates);
    c.flops_range = range_of(c.flops, candidates);
    c.memory_range = range_of(c.memory, candidates);
    c.library = m.span.file != 0 && !p.find_train(m.name);  // file 0: the script itself
    out.push_back(std::move(c));
  }
  return out;
}

std::string format_costs(const std::vector<ModelCost>& costs) {
  std::string out;
  int library = 0;
  for (const auto& c : costs) {
    if (c.library) {
      ++library;  // an imported block no training here binds: formulas only, in `exp help NAME`'s terms
      continue;
    }
    out += "model " + c.model;
    if (!c.data.empty()) {
      out += " (trained on " + c.data;
      for (const auto& [sym, v] : c.bound) out += fmt::format(", {} = {}", sym, v);
      out += ")";
    }
    out += "\n";
    out += fmt::format("  params          {}\n                  {}\n", c.params.str(), range_text(c.params_range, ""));
    out += fmt::format("  FLOPs/example   {}\n                  {}\n", c.flops.str(), range_text(c.flops_range, "FLOP"));
    out += fmt::format("  memory/batch    {} bytes\n                  {}\n", c.memory.str(), range_text(c.memory_range, "B"));
  }
  if (costs.empty()) out += "no models\n";
  if (library > 0)
    out += fmt::format("({} from imports not shown: a block is costed inside the models that call it)\n",
                       diag::count_of(library, "model", "models"));
  return out;
}

}  // namespace xp
