#include "compiler/passes/decls.h"

#include "stdlib/builtins.h"

namespace xp {

Decls::Decls(const ast::Program& program) : p_(program) {
  for (size_t i = 0; i < p_.stmts.size(); ++i) {
    const auto& node = p_.stmts[i].node;
    const std::string* name = nullptr;
    if (auto* h = std::get_if<ast::Hyper>(&node)) name = &h->name;
    if (auto* d = std::get_if<ast::Data>(&node)) name = &d->name;
    if (auto* m = std::get_if<ast::Model>(&node)) name = &m->name;
    if (name) first_.emplace(*name, i);  // emplace keeps the first
  }
}

template <class T>
const T* Decls::typed(std::string_view name) const {
  auto it = first_.find(std::string(name));
  return it == first_.end() ? nullptr : std::get_if<T>(&p_.stmts[it->second].node);
}

const ast::Hyper* Decls::hyper(std::string_view name) const { return typed<ast::Hyper>(name); }
const ast::Model* Decls::model(std::string_view name) const { return typed<ast::Model>(name); }
const ast::Data* Decls::data(std::string_view name) const { return typed<ast::Data>(name); }

int Decls::stmt_of(std::string_view name) const {
  auto it = first_.find(std::string(name));
  return it == first_.end() ? -1 : static_cast<int>(it->second);
}

const ast::Param* Decls::param(const ast::Model& m, std::string_view name) {
  for (const auto& item : m.items)
    if (auto* p = std::get_if<ast::Param>(&item.node); p && p->name == name) return p;
  return nullptr;
}

int Decls::param_index(const ast::Model& m, std::string_view name) {
  int i = 0;
  for (const auto& item : m.items)
    if (auto* p = std::get_if<ast::Param>(&item.node)) {
      if (p->name == name) return i;
      ++i;
    }
  return -1;
}

const ast::Hyper* Decls::scoped_hyper(const ast::Model& m, std::string_view name) {
  for (const auto& item : m.items)
    if (auto* h = std::get_if<ast::Hyper>(&item.node); h && h->name == name) return h;
  return nullptr;
}

const ast::ModelInput* Decls::input(const ast::Model& m, std::string_view name) {
  for (const auto& in : m.inputs)
    if (in.name == name) return &in;
  return nullptr;
}

namespace {

// The task a shipped data set or a generator poses (its registry entry).
std::optional<std::string> builtin_task(std::string_view source) {
  for (auto c : {stdlib::Category::Dataset, stdlib::Category::Generator})
    if (const stdlib::Builtin* b = stdlib::find(source, c); b && b->task != stdlib::Task::None)
      return std::string(stdlib::task_name(b->task));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Decls::task_of(std::string_view data_name) const {
  const ast::Data* d = data(data_name);
  if (!d || d->source == ast::kNoExpr) return std::nullopt;
  const auto& src = p_.expr(d->source);
  if (auto* n = std::get_if<ast::Name>(&src.node)) return builtin_task(n->name);
  auto* call = std::get_if<ast::Call>(&src.node);
  if (!call) return std::nullopt;
  for (const auto& arg : call->args) {
    if (arg.name != "task") continue;
    const auto& v = p_.expr(arg.value).node;
    if (auto* n = std::get_if<ast::Name>(&v)) return n->name;
    if (auto* s = std::get_if<ast::String>(&v)) return s->value;
  }
  auto* callee = std::get_if<ast::Name>(&p_.expr(call->callee).node);
  return callee ? builtin_task(callee->name) : std::nullopt;
}

}  // namespace xp
