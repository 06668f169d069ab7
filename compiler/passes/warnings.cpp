#include "compiler/passes/warnings.h"

#include <unordered_map>
#include <unordered_set>

#include "compiler/diags/warnings.h"
#include "compiler/passes/walk.h"

namespace xp {
namespace {

using namespace ast;

class UsageChecker {
 public:
  UsageChecker(const Program& p, const Resolution& r, Diagnostics& d) : p_(p), r_(r), d_(d) {}

  void run() {
    count_uses();
    for (const auto& stmt : p_.stmts) {
      // Imported files (std.models, a shared "defs.exp") offer definitions a
      // script is free to leave unused: only the script's own are reported.
      if (stmt.span.file != p_.file) continue;
      if (auto* h = std::get_if<Hyper>(&stmt.node)) hyper(h->name, h->name_span);
      if (auto* d = std::get_if<Data>(&stmt.node); d && !used_.count("data:" + d->name))
        d_.report(diag::unused_data(d->name_span, d->name));
      if (auto* m = std::get_if<Model>(&stmt.node)) model(*m);
    }
  }

 private:
  const Program& p_;
  const Resolution& r_;
  Diagnostics& d_;
  std::unordered_set<std::string> used_;  // "hyper:lr", "model:mlp", "data:iris"
  std::unordered_map<std::string, std::string> only_reader_;  // hyper → a hyper reading it in its condition/value

  // Everything any expression refers to, except that preprocessing a data
  // set is not a use of it (only training or evaluating on it is).
  // A hyper read only by another hyper's condition or value is used only if
  // that other hyper is: `opt` in `momentum ~ … if opt == "sgd"` matters
  // only while something reads `momentum`.
  void count_uses() {
    std::unordered_set<ExprId> preprocessing;
    std::unordered_map<ExprId, std::string> in_hyper;  // expression → the hyper whose condition/value holds it
    auto hyper_exprs = [&](const Hyper& h, const std::string& canonical) {
      for (ExprId root : {h.value, h.condition})
        if (root != kNoExpr) walk(p_, root, [&](ExprId id, const Expr&) { in_hyper.emplace(id, canonical); });
    };
    for (const auto& stmt : p_.stmts) {
      if (auto* pp = std::get_if<Preprocess>(&stmt.node))
        walk(p_, pp->target, [&](ExprId id, const Expr&) { preprocessing.insert(id); });
      if (auto* t = std::get_if<Train>(&stmt.node)) used_.insert("model:" + t->model);
      if (auto* h = std::get_if<Hyper>(&stmt.node)) hyper_exprs(*h, h->name);
      if (auto* m = std::get_if<Model>(&stmt.node))
        for (const auto& item : m->items)
          if (auto* h = std::get_if<Hyper>(&item.node)) hyper_exprs(*h, m->name + "." + h->name);
    }
    std::unordered_map<std::string, std::vector<std::string>> read_by_hyper;  // hyper → hypers its condition/value reads
    for (const auto& [id, s] : r_.refs) {
      if (preprocessing.count(id)) continue;
      if (auto owner = in_hyper.find(id); owner != in_hyper.end() && s.kind == Symbol::Kind::Hyper) {
        read_by_hyper[owner->second].push_back(s.name);
        only_reader_.emplace(s.name, owner->second);
        continue;
      }
      switch (s.kind) {
        case Symbol::Kind::Hyper: used_.insert("hyper:" + s.name); break;
        case Symbol::Kind::Model: used_.insert("model:" + s.name); break;
        case Symbol::Kind::Data: used_.insert("data:" + s.name); break;
        case Symbol::Kind::SplitPart: used_.insert("data:" + s.owner); break;
        default: break;
      }
    }
    std::vector<std::string> work;
    for (const auto& [owner, reads] : read_by_hyper)
      if (used_.count("hyper:" + owner)) work.push_back(owner);
    while (!work.empty()) {
      std::string owner = std::move(work.back());
      work.pop_back();
      for (const auto& name : read_by_hyper[owner])
        if (used_.insert("hyper:" + name).second) work.push_back(name);
    }
  }

  void hyper(const std::string& canonical, Span at) {
    if (used_.count("hyper:" + canonical)) return;
    auto reader = only_reader_.find(canonical);
    d_.report(diag::unused_hyper(at, short_name(canonical),
                                 reader == only_reader_.end() ? std::string() : short_name(reader->second)));
  }
  static std::string short_name(const std::string& canonical) { return canonical.substr(canonical.rfind('.') + 1); }

  void model(const Model& m) {
    if (!used_.count("model:" + m.name)) d_.report(diag::untrained_model(m.name_span, m.name));
    for (const auto& item : m.items)
      if (auto* h = std::get_if<Hyper>(&item.node)) hyper(m.name + "." + h->name, h->name_span);
    dead_params(m);
  }

  // Backwards from every `return`: a local is live if something live reads
  // it; a param is live if something live reads it.
  void dead_params(const Model& m) {
    std::unordered_map<std::string, ExprId> local_value;  // canonical local → its expression
    std::vector<ExprId> work;
    for (const auto& item : m.items) {
      if (auto* let = std::get_if<Let>(&item.node)) local_value.emplace(m.name + "." + let->name, let->value);
      if (auto* ret = std::get_if<Return>(&item.node)) work.push_back(ret->value);
    }
    if (work.empty()) return;  // no output at all: nothing to say about params
    std::unordered_set<std::string> live;
    while (!work.empty()) {
      ExprId root = work.back();
      work.pop_back();
      walk(p_, root, [&](ExprId id, const Expr&) {
        const Symbol* s = r_.at(id);
        if (!s || s->owner != m.name || !live.insert(s->name).second) return;
        if (s->kind == Symbol::Kind::Local)
          if (auto it = local_value.find(s->name); it != local_value.end()) work.push_back(it->second);
      });
    }
    for (const auto& item : m.items)
      if (auto* p = std::get_if<Param>(&item.node); p && !live.count(m.name + "." + p->name))
        d_.report(diag::dead_param(p->name_span, p->name, m.name));
  }
};

}  // namespace

void verify_usage(const ast::Program& program, const Resolution& resolution, Diagnostics& diags) {
  UsageChecker(program, resolution, diags).run();
}

}  // namespace xp
