#include "compiler/ast_dump.h"

#include <fmt/format.h>

namespace xp::ast {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    if (c == '\t') { out += "\\t"; continue; }
    out += c;
  }
  return out + "\"";
}

struct ExprPrinter {
  const Program& p;

  std::string list(const std::vector<ExprId>& ids) const {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + (*this)(ids[i]);
    return out;
  }
  std::string args(const std::vector<Arg>& args) const {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i)
      out += (i ? ", " : "") + (args[i].name.empty() ? "" : args[i].name + ": ") + (*this)(args[i].value);
    return out;
  }

  std::string operator()(ExprId id) const {
    if (id == kNoExpr) return "<none>";
    const ExprNode& node = p.expr(id).node;
    return std::visit([&](const auto& n) { return print(n); }, node);
  }
  std::string print(const Number& n) const { return n.text; }
  std::string print(const String& s) const { return quoted(s.value); }
  std::string print(const Name& n) const { return n.name; }
  std::string print(const Member& m) const { return (*this)(m.base) + "." + m.member; }
  std::string print(const List& l) const { return "[" + list(l.items) + "]"; }
  std::string print(const Unary& u) const {
    return u.op == UnaryOp::Neg ? "(-" + (*this)(u.operand) + ")" : "(not " + (*this)(u.operand) + ")";
  }
  std::string print(const Binary& b) const {
    return fmt::format("({} {} {})", (*this)(b.lhs), to_string(b.op), (*this)(b.rhs));
  }
  std::string print(const Call& c) const { return (*this)(c.callee) + "(" + args(c.args) + ")"; }
  std::string print(const Index& i) const { return (*this)(i.base) + "[" + list(i.indices) + "]"; }
};

struct StmtPrinter {
  const Program& p;
  ExprPrinter e{p};
  std::string out;

  void line(int indent, const std::string& text) { out += std::string(2 * indent, ' ') + text + "\n"; }

  std::string hyper(const Hyper& h) const {
    std::string s = fmt::format("hyper {} {} {}", h.name, h.searched ? "~" : "=", e(h.value));
    if (h.condition != kNoExpr) s += " if " + e(h.condition);
    return s;
  }
  std::string item(const BlockItem& it) const {
    switch (it.kind) {
      case BlockItem::Kind::Setting: return it.key + " = " + e.list(it.values);
      case BlockItem::Kind::Colon: return it.key + ": " + e.list(it.values);
      case BlockItem::Kind::Command:
        if (!it.values.empty() && std::holds_alternative<Call>(p.expr(it.values[0]).node)) return e(it.values[0]);
        return it.values.empty() ? it.key : it.key + " " + e.list(it.values);
    }
    return "";
  }
  void items(const std::vector<BlockItem>& items) {
    for (const auto& it : items) line(1, item(it));
  }

  void operator()(const Seed& s) { line(0, fmt::format("seed {}", s.value)); }
  void operator()(const Import& i) { line(0, "import " + (i.is_path ? quoted(i.target) : i.target)); }
  void operator()(const Data& d) { line(0, fmt::format("data {} = {}", d.name, e(d.source))); }
  void operator()(const Split& s) { line(0, fmt::format("split {} {{{}}}", s.data, e.args(s.options))); }
  void operator()(const Preprocess& pp) { line(0, pp.op + " " + e(pp.target)); }
  void operator()(const Hyper& h) { line(0, hyper(h)); }
  void operator()(const Model& m) {
    std::string inputs;
    for (size_t i = 0; i < m.inputs.size(); ++i) {
      const auto& in = m.inputs[i];
      inputs += (i ? ", " : "") + in.name + ": " + (in.is_int ? std::string("int") : "[" + e.list(in.shape) + "]");
    }
    std::string result = m.result ? " -> [" + e.list(*m.result) + "]" : "";
    line(0, fmt::format("model {}({}){}", m.name, inputs, result));
    for (const auto& it : m.items) {
      std::visit([&](const auto& n) { model_item(n); }, it.node);
    }
  }
  void model_item(const Param& prm) {
    std::string s = fmt::format("param {}: [{}]", prm.name, e.list(prm.shape));
    if (prm.init != kNoExpr) s += " ~ " + e(prm.init);
    line(1, s);
  }
  void model_item(const Let& l) { line(1, fmt::format("let {} = {}", l.name, e(l.value))); }
  void model_item(const Return& r) { line(1, "return " + e(r.value)); }
  void model_item(const Hyper& h) { line(1, hyper(h)); }
  void model_item(const Assign& a) { line(1, fmt::format("assign {} {} {}", e(a.target), a.op, e(a.value))); }
  void operator()(const Train& t) {
    line(0, fmt::format("train {} on {}", t.model, e(t.data)));
    items(t.items);
  }
  void operator()(const Tune& t) {
    line(0, t.model.empty() ? "tune" : "tune " + t.model);
    items(t.items);
  }
  void operator()(const Report& r) {
    line(0, "report " + r.model);
    items(r.items);
  }
  void operator()(const Evaluate& ev) {
    line(0, "evaluate " + ev.model + (ev.data == kNoExpr ? "" : " on " + e(ev.data)));
  }
  void operator()(const Save& s) { line(0, fmt::format("save {} {}", s.model, e(s.path))); }
  void operator()(const Print& pr) { line(0, "print " + e(pr.value)); }
  void operator()(const ExprStmt& x) { line(0, "expr " + e(x.value)); }
};

}  // namespace

std::string dump_expr(const Program& program, ExprId id) { return ExprPrinter{program}(id); }

std::string dump(const Program& program) {
  StmtPrinter printer{program, ExprPrinter{program}, std::string{}};
  for (const auto& stmt : program.stmts) std::visit(printer, stmt.node);
  return printer.out;
}

}  // namespace xp::ast
