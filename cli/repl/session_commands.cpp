// The REPL's :commands.
#include <map>
#include <optional>
#include <set>
#include <variant>

#include <fmt/format.h>

#include "cli/console_report.h"
#include "cli/help_text.h"
#include "cli/repl/session.h"
#include "compiler/passes/shapes.h"
#include "ir/hypers_used.h"
#include "base/suggest.h"
#include "runtime/report/format.h"

namespace xp::cli {
namespace {

constexpr const char* kCommandHelp =
    "Type statements as in a script (data, hyper, model, train, tune, report …) or expressions:\n"
    "  mlp.W1                      a learned tensor (after training)\n"
    "  iris.train                  a data split\n"
    "  mlp([5.1, 3.5, 1.4, 0.2])   a prediction of a trained model\n"
    "  mlp({plan: \"pro\", tenure: 12})  the same from a row by column name (text values too)\n"
    "  lr                          a hyper: its range and the value the last run used\n"
    "Commands:\n"
    "  :help [name]    built-ins (`:help adam`, `:help optimizers`)\n"
    "  :load FILE      run a script's statements in this session\n"
    "  :reset          forget everything\n"
    "  :hypers         the search space and the chosen values\n"
    "  :params MODEL   the learned parameters of a model\n"
    "  :trials         the trials of the last study\n"
    "  :shape EXPR     the shape of an expression (mlp.W1 @ mlp.W2), a model or a data set\n"
    "  :ir MODEL       the lowered graph of a model\n"
    "  :quit           leave (Ctrl-D works too)\n";

const char* const kColonCommands[] = {":help", ":load", ":reset", ":hypers", ":params", ":trials", ":shape", ":ir", ":quit"};

// A hyper's domain as report.json spells it, so format_space prints it as written.
nlohmann::json domain_json(const ir::HyperDomain& h) {
  using K = ir::HyperDomain::Kind;
  auto value = [](const ir::Value& v) -> nlohmann::json {
    if (v.kind == ir::Value::Kind::Number) return v.number;
    return v.text;
  };
  nlohmann::json e{{"name", h.name}};
  switch (h.kind) {
    case K::Fixed: e["kind"] = "fixed"; e["value"] = value(h.fixed); break;
    case K::Uniform: e["kind"] = "uniform"; break;
    case K::LogUniform: e["kind"] = "loguniform"; break;
    case K::Int: e["kind"] = "int"; break;
    case K::Choice: e["kind"] = "choice"; break;
  }
  if (h.kind == K::Uniform || h.kind == K::LogUniform || h.kind == K::Int) {
    e["low"] = h.low;
    e["high"] = h.high;
    if (h.step != 0) e["step"] = h.step;
    if (h.log && h.kind == K::Int) e["log"] = true;
  }
  if (h.kind == K::Choice) {
    e["choices"] = nlohmann::json::array();
    for (const auto& c : h.choices) e["choices"].push_back(value(c));
  }
  return e;
}

}  // namespace

void ReplSession::command(const std::string& input) {
  size_t space = input.find_first_of(" \t\n");
  std::string word = input.substr(0, space);
  std::string arg = space == std::string::npos ? "" : trim(input.substr(space));
  if (word == ":help" || word == ":h") cmd_help(arg);
  else if (word == ":load") {
    if (arg.empty()) error(":load needs a file", ":load examples/iris.exp");
    else load(arg);
  } else if (word == ":reset") cmd_reset();
  else if (word == ":hypers") cmd_hypers();
  else if (word == ":params") cmd_params(arg);
  else if (word == ":trials") cmd_trials();
  else if (word == ":shape") cmd_shape(arg);
  else if (word == ":ir") cmd_ir(arg);
  else {
    auto guess = closest(word, std::vector<std::string>(std::begin(kColonCommands), std::end(kColonCommands)));
    error(fmt::format("unknown command `{}`", word), guess ? fmt::format("did you mean `{}`?", *guess) : "`:help` lists the commands");
  }
}

void ReplSession::cmd_help(const std::string& arg) {
  if (arg.empty()) {
    print(kCommandHelp);
    print("`:help NAME` documents a built-in; `:help CATEGORY` lists one category (losses, optimizers, metrics …).");
    return;
  }
  if (auto text = help_entry(arg)) {
    print(*text);
    return;
  }
  std::string hint = closest_builtin(arg);
  error(fmt::format("no built-in or category named `{}`", arg), hint.empty() ? "" : fmt::format("did you mean `{}`?", hint));
}

void ReplSession::cmd_hypers() {
  if (const nlohmann::json* r = report_for("")) {
    print(render_hypers_section(*r));
    return;
  }
  if (!compiled_ || !compiled_->ir || compiled_->ir->space.hypers.empty()) {
    print("no hypers yet (declare one: hyper lr ~ loguniform(1e-4, 1e-1))");
    return;
  }
  for (const auto& h : compiled_->ir->space.hypers) {
    std::string line = fmt::format("{}  {}", h.name, rt::report::format_space(domain_json(h)));
    if (!h.when.empty()) line += " if " + h.when_str();
    print(line);
  }
  print("(not run yet: train or tune to choose values)");
}

void ReplSession::cmd_params(const std::string& name) {
  if (name.empty()) {
    error(":params needs a model", ":params mlp");
    return;
  }
  const ir::ModelGraph* m = model(name);
  if (!m) {
    error(fmt::format("no model named `{}`", name));
    return;
  }
  if (const nlohmann::json* r = report_for(name); r && r->value("model", "") == name) {
    print(render_params_section(*r));
    return;
  }
  for (const auto& p : m->params) {
    std::string init = p.init.fn.empty() ? "<" + p.init.fn_hyper + ">" : p.init.fn;
    print(fmt::format("{}.{}: {} ~ {}", name, p.name, ir::shape_str(p.shape), init));
  }
  print(fmt::format("(not trained yet: `train {} on DATA {{ … }}` learns them)", name));
}

void ReplSession::cmd_trials() {
  const nlohmann::json* r = report_for("");
  if (!r || !r->contains("trials")) {
    print("no study yet (a `tune` statement runs one)");
    return;
  }
  ReportOptions o;
  o.top_k = 1 << 20;  // every completed trial
  print(render_trials_table(*r, o));
}

namespace {

// The data's sizes for the model's own symbols, when a train block binds
// the model to data the check could read: its input's axes (x: [H, W, C]
// against an example of [8, 8, 1]) and its declared result (C against the
// classes or targets).
std::map<std::string, int64_t> data_sizes(const ShapeFacts& facts, const ModelShapes& m) {
  std::map<std::string, int64_t> sizes;
  // Fixed hypers (`hyper k = 3`) have one value too.
  for (const auto& [name, v] : fixed_assignment(facts.space))
    if (v.kind == ir::Value::Kind::Number && v.number == static_cast<double>(static_cast<int64_t>(v.number)))
      sizes[name] = static_cast<int64_t>(v.number);
  for (const auto& [index, t] : facts.trains) {
    auto d = facts.data.find(t.data);
    if (t.model != m.name || m.inputs.empty() || d == facts.data.end() || !d->second.known) continue;
    const DataFacts& f = d->second;
    const std::vector<int64_t> example = f.shape.empty() ? std::vector<int64_t>{f.features} : f.shape;
    const ir::Shape& x = m.inputs.front().shape;
    for (size_t i = 0; x.size() == example.size() && i < x.size(); ++i)
      if (const std::string symbol = x[i].lone_symbol(); !symbol.empty()) sizes[symbol] = example[i];
    if (m.result.size() == 1)
      if (const std::string symbol = m.result.front().lone_symbol(); !symbol.empty())
        sizes[symbol] = f.classification ? f.classes : f.targets;
    break;
  }
  return sizes;
}

// "[H - 3 + 1, W - 3 + 1, 8]", then " = [6, 6, 8]" when the data's sizes make it concrete.
std::string shape_with_sizes(const ir::Shape& shape, const std::map<std::string, int64_t>& sizes) {
  std::string out = ir::shape_str(shape);
  if (sizes.empty()) return out;
  std::vector<int64_t> values;
  for (const auto& d : shape) {
    auto v = d.eval([&](const std::string& s) -> std::optional<int64_t> {
      auto it = sizes.find(s);
      return it == sizes.end() ? std::nullopt : std::optional<int64_t>(it->second);
    });
    if (!v) return out;  // a hyper in it: no one value
    values.push_back(*v);
  }
  std::string concrete = "[";
  for (size_t i = 0; i < values.size(); ++i) concrete += (i ? ", " : "") + std::to_string(values[i]);
  concrete += "]";
  return concrete == out ? out : out + " = " + concrete;
}

}  // namespace

// Each parameter and step of the model with its per-example shape, in the
// model's symbols, and with the data's sizes where a train block binds them.
void ReplSession::print_model_steps(const std::string& name) {
  CompileOptions options;
  options.shapes_only = true;
  CompileResult result = check(chunks_, options);
  if (!result.shapes) return;
  auto shapes = result.shapes->models.find(name);
  if (shapes == result.shapes->models.end()) return;
  std::map<std::string, int64_t> sizes = data_sizes(*result.shapes, shapes->second);
  std::set<std::string> used;  // the symbols the model's shapes name: only those are worth a value
  auto note = [&](const ir::Shape& shape) {
    for (const auto& d : shape)
      for (auto& symbol : d.symbols()) used.insert(symbol);
  };
  for (const auto& in : shapes->second.inputs) note(in.shape);
  note(shapes->second.result);
  for (const auto& spec : shapes->second.params) note(spec.shape);
  for (const auto& st : result.program.stmts)
    if (const auto* m = std::get_if<ast::Model>(&st.node); m && m->name == name)
      for (const auto& item : m->items)
        if (const auto* let = std::get_if<ast::Let>(&item.node))
          if (auto t = result.shapes->types.find(let->value); t != result.shapes->types.end()) note(t->second.shape);
  std::erase_if(sizes, [&](const auto& kv) { return !used.count(kv.first); });
  if (!sizes.empty()) {
    std::string bound;
    for (const auto& [symbol, v] : sizes) bound += fmt::format("{}{} = {}", bound.empty() ? "" : ", ", symbol, v);
    print("  where " + bound);
  }
  for (const auto& st : result.program.stmts) {
    const auto* m = std::get_if<ast::Model>(&st.node);
    if (!m || m->name != name) continue;
    for (const auto& item : m->items) {
      if (const auto* p = std::get_if<ast::Param>(&item.node)) {
        for (const auto& spec : shapes->second.params)
          if (spec.name == p->name) print(fmt::format("  param {}: {}", p->name, shape_with_sizes(spec.shape, sizes)));
      } else if (const auto* let = std::get_if<ast::Let>(&item.node)) {
        auto t = result.shapes->types.find(let->value);
        if (t != result.shapes->types.end() && t->second.known)
          print(fmt::format("  {} = {}", let->name, shape_with_sizes(t->second.shape, sizes)));
      } else if (const auto* ret = std::get_if<ast::Return>(&item.node)) {
        auto t = result.shapes->types.find(ret->value);
        if (t != result.shapes->types.end() && t->second.known)
          print(fmt::format("  return {}", shape_with_sizes(t->second.shape, sizes)));
      }
    }
  }
}

void ReplSession::cmd_shape(const std::string& expr) {
  if (expr.empty()) {
    error(":shape needs an expression", ":shape mlp.W1");
    return;
  }
  // A model has a signature and a shape per step, and a data set rows and
  // columns, rather than one shape.
  if (const ir::ModelGraph* m = model(expr)) {
    std::string inputs;
    for (const auto& in : m->inputs)
      inputs += (inputs.empty() ? "" : ", ") + in.name + ": " + (in.is_int ? std::string("int") : ir::shape_str(in.shape));
    print(fmt::format("{}({}) -> {}", m->name, inputs, m->result.empty() ? "?" : ir::shape_str(m->result)));
    print_model_steps(m->name);
    return;
  }
  auto dot = expr.find('.');
  std::string head = expr.substr(0, dot);
  std::string member = dot == std::string::npos ? "" : expr.substr(dot + 1);
  bool part = member.empty() || member == "train" || member == "val" || member == "test";
  if (part && compiled_ && compiled_->ir && compiled_->ir->find_data(head)) {
    show_split(head, member);
    return;
  }
  // Anything else is typed by the compiler's shape pass, as the value of a `print`.
  const std::string open = "print (\n";
  std::vector<Chunk> probe = chunks_;
  probe.push_back({StatementKey{}, open + expr + "\n)", origin_of(expr, static_cast<uint32_t>(open.size()))});
  CompileOptions options;
  options.shapes_only = true;  // the type is all :shape needs
  CompileResult result = check(probe, options);
  if (!result.ok()) return;
  ast::ExprId value = ast::kNoExpr;
  for (auto it = result.program.stmts.rbegin(); it != result.program.stmts.rend() && value == ast::kNoExpr; ++it)
    if (auto* p = std::get_if<ast::Print>(&it->node); p && it->span.file == result.main_file) value = p->value;
  const TensorType* type = nullptr;
  if (result.shapes && value != ast::kNoExpr)
    if (auto t = result.shapes->types.find(value); t != result.shapes->types.end() && t->second.known) type = &t->second;
  if (!type) {
    error(fmt::format("`{}` has no shape: only tensors and numbers have one", expr), ":shape mlp.W1");
    return;
  }
  const Symbol* symbol = result.resolution.at(value);
  std::string kind = "value";
  if (symbol && symbol->kind == Symbol::Kind::Param) kind = "parameter";
  if (symbol && symbol->kind == Symbol::Kind::Hyper) kind = "hyper";
  std::string concrete;  // a trained parameter's actual size
  if (kind == "parameter") {
    size_t root_end = symbol->name.find('.');  // "mlp.W1": the model, then the parameter's path in it
    std::string root = symbol->name.substr(0, root_end), path = symbol->name.substr(root_end + 1);
    const nlohmann::json* r = report_for(root);
    if (r && r->value("model", "") == root && r->contains("params") && (*r)["params"].contains(path))
      concrete = " = " + rt::report::format_shape((*r)["params"][path]["shape"]);
  }
  print(fmt::format("{}: {} {}{}", expr, kind, ir::shape_str(type->shape), concrete));
}

void ReplSession::cmd_ir(const std::string& name) {
  const ir::ModelGraph* m = model(name);
  if (!m) {
    error(name.empty() ? ":ir needs a model" : fmt::format("no model named `{}`", name), ":ir mlp");
    return;
  }
  // ir::dump prints every section; keep this model's: from its header to the next unindented line.
  std::string all = ir::dump(*compiled_->ir);
  std::string header = "model " + name + "(";
  size_t at = all.find("\n" + header);
  if (at == std::string::npos) {
    print(all);
    return;
  }
  size_t end = at + 1;
  while (true) {
    size_t nl = all.find('\n', end);
    if (nl == std::string::npos || nl + 1 >= all.size()) { end = all.size(); break; }
    char c = all[nl + 1];
    end = nl + 1;
    if (c != ' ' && c != '\t') break;
  }
  print(all.substr(at + 1, end - at - 1));
}

}  // namespace xp::cli
