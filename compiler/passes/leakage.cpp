#include "compiler/passes/leakage.h"

#include "compiler/diags/leakage.h"
#include "compiler/passes/walk.h"

namespace xp {
namespace {

using namespace ast;

// `iris.test` or `test.accuracy`: a read of the test split.
bool reads_test(const Symbol& s) {
  if (s.kind == Symbol::Kind::SplitPart) return s.name.size() > 5 && s.name.ends_with(".test");
  return s.kind == Symbol::Kind::Metric && s.owner == "test";
}

class LeakageChecker {
 public:
  LeakageChecker(const Program& p, const Resolution& r, Diagnostics& d) : p_(p), r_(r), d_(d) {}

  void run() {
    for (const auto& stmt : p_.stmts) {
      if (auto* t = std::get_if<Tune>(&stmt.node)) tune(*t);
      if (auto* t = std::get_if<Train>(&stmt.node)) train(*t);
      if (auto* pp = std::get_if<Preprocess>(&stmt.node)) preprocess(*pp);
    }
  }

 private:
  const Program& p_;
  const Resolution& r_;
  Diagnostics& d_;

  template <class Report>
  void each_test_read(ExprId root, Report report) {
    walk(p_, root, [&](ExprId id, const Expr& e) {
      if (const Symbol* s = r_.at(id); s && reads_test(*s)) report(e.span, s->name);
    });
  }

  void tune(const Tune& t) {
    for (const auto& item : t.items)
      for (ExprId v : item.values) {
        each_test_read(v, [&](Span at, const std::string& what) { d_.report(diag::tune_reads_test(at, what)); });
        // A model's study scores each trial on the validation part (or on
        // folds): `train.accuracy` would be reported as the objective while
        // the runtime scored val.accuracy under its name.
        if (t.model.empty() || (item.key != "maximize" && item.key != "minimize")) continue;
        if (const Symbol* s = r_.at(v); s && s->kind == Symbol::Kind::Metric && s->owner == "train")
          d_.report(diag::tune_reads_train(p_.expr(v).span, s->name));
      }
  }

  void train(const Train& t) {
    const Symbol* data = r_.at(t.data);
    if (data && data->kind == Symbol::Kind::SplitPart && data->name.ends_with(".val"))
      d_.report(diag::train_on_validation(p_.expr(t.data).span, data->name));
    each_test_read(t.data, [&](Span at, const std::string& what) { d_.report(diag::train_reads_test(at, what)); });
    for (const auto& item : t.items)
      for (ExprId v : item.values)
        each_test_read(v, [&](Span at, const std::string& what) { d_.report(diag::train_reads_test(at, what)); });
  }

  void preprocess(const Preprocess& pp) {
    const Symbol* s = r_.at(pp.target);
    if (!s || s->kind != Symbol::Kind::SplitPart) return;
    std::string part = s->name.substr(s->name.rfind('.') + 1);
    if (part != "train") d_.report(diag::preprocess_not_on_train(p_.expr(pp.target).span, pp.op, part, s->owner));
  }
};

}  // namespace

void verify_leakage(const ast::Program& program, const Resolution& resolution, Diagnostics& diags) {
  LeakageChecker(program, resolution, diags).run();
}

}  // namespace xp
