#include "ir/split_rules.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "base/data_diags.h"
#include "base/plural.h"

namespace xp {

SplitSizes split_sizes(size_t n, const ir::SplitSpec& split) {
  auto share = [n](double f) { return static_cast<size_t>(std::llround(f * static_cast<double>(n))); };
  SplitSizes s;
  s.test = std::min(share(split.test), n);
  s.val = std::min(share(split.val), n - s.test);
  s.train = n - s.test - s.val;
  return s;
}

PartsUsed parts_used(const ir::Program& p, const std::string& data) {
  PartsUsed used;
  auto on_val = [](const std::string& metric) { return metric.rfind("val.", 0) == 0; };
  const ir::DataSpec* spec = p.find_data(data);
  for (const auto& t : p.trains) {
    if (t.data != data) continue;
    if (t.stop.enabled && on_val(t.stop.monitor)) used.val = true;
    for (const auto& tune : p.tunes) {
      if (tune.model != t.model) continue;
      if (tune.cv_folds == 0 && on_val(tune.metric)) used.val = true;
      if (tune.cv_folds > 1 || tune.metric.rfind("cv.", 0) == 0) {
        // The runtime's rule (objective.cpp, cv_fold_count): the split's folds, else cv, else 5.
        const int k = spec && spec->split.folds != 0 ? spec->split.folds : tune.cv_folds > 1 ? tune.cv_folds : 5;
        if (k > used.cv_folds) used.cv_folds = k, used.cv_at = tune.cv_span.valid() ? tune.cv_span : tune.span;
      }
    }
    for (const auto& r : p.reports)
      if (r.model == t.model && !r.test_metrics.empty()) used.test = true;
  }
  return used;
}

bool check_cv_folds(const std::string& data, size_t train_rows, const PartsUsed& used, Diagnostics& diags) {
  if (used.cv_folds <= 0 || static_cast<size_t>(used.cv_folds) <= train_rows) return true;
  diags.report(diag::data::bad_split(
      fmt::format("cross-validation deals the training part of `{}` into {} folds, but it holds {}: a fold would be empty",
                  data, used.cv_folds, diag::count_of(static_cast<long long>(train_rows), "row", "rows")),
      used.cv_at,
      train_rows >= 2 ? fmt::format("use at most {} folds (`cv = {}`), or more data", train_rows, train_rows)
                      : std::string("use more data")));
  return false;
}

bool check_split(const ir::DataSpec& d, size_t rows, bool classification, const std::optional<PartsUsed>& used,
                 Diagnostics& diags) {
  const ir::SplitSpec& s = d.split;
  Span at = s.span.valid() ? s.span : d.span;
  for (double f : {s.train, s.val, s.test})
    if (!(f >= 0 && f <= 1)) {
      diags.report(diag::data::bad_split("split fractions must be between 0 and 1", at));
      return false;
    }
  if (s.train <= 0 || std::abs(s.train + s.val + s.test - 1) > 1e-6) {
    diags.report(diag::data::bad_split(
        fmt::format("split fractions must add up to 1 (train {} + val {} + test {})", s.train, s.val, s.test), at,
        "e.g. `split d { train: 0.6, val: 0.2, test: 0.2 }`"));
    return false;
  }
  if (s.stratify && !classification) {
    diags.report(diag::data::bad_split(
        "`stratify` needs a classification target, but this data is a regression task", at, "remove `stratify: true`"));
    return false;
  }
  SplitSizes n = split_sizes(rows, s);
  auto rows_text = diag::count_of(static_cast<long long>(rows), "row", "rows");
  if (n.train == 0) {
    diags.report(diag::data::bad_split(fmt::format("the training part is empty ({} in all)", rows_text), at,
                                       "use a larger `train:` fraction or more data"));
    return false;
  }
  if (s.folds != 0 && (s.folds < 2 || static_cast<size_t>(s.folds) > n.train)) {
    diags.report(diag::data::bad_split(fmt::format("`folds: {}` needs 2 to {} folds (the training part has {})", s.folds,
                                                   n.train, diag::count_of(static_cast<long long>(n.train), "row", "rows")),
                                       at));
    return false;
  }
  if (!used) return true;
  if (!check_cv_folds(d.name, n.train, *used, diags)) return false;
  bool ok = true;
  auto empty_part = [&](const char* part, double fraction, size_t count, bool read, const char* reader) {
    if (count > 0 || fraction <= 0) return;
    std::string message = fmt::format("the split of `{}` leaves the {} part empty ({} × {} rounds to 0)", d.name,
                                      part, rows_text, fraction);
    if (read) {
      diags.report(diag::data::bad_split(message, at,
                                         fmt::format("{}: use more data or a larger `{}:` fraction", reader, part)));
      ok = false;
    } else {
      diags.report(diag::data::empty_part(message, at, part));
    }
  };
  empty_part("val", s.val, n.val, used->val, "early stopping or the tune objective reads it");
  empty_part("test", s.test, n.test, used->test, "the report's test metrics read it");
  // A part a score reads, but so small the score is noise: an accuracy on 4
  // rows moves in steps of 25 points.
  auto tiny_part = [&](const char* part, size_t count, bool read, const char* reader) {
    if (!read || count == 0 || count >= kFewScoredRows) return;
    std::string message = fmt::format("the {} part of `{}` holds {}, which {}", part, d.name,
                                      diag::count_of(static_cast<long long>(count), "row", "rows"), reader);
    message += classification ? fmt::format(": an accuracy on it moves in steps of {:.3g} points",
                                            100.0 / static_cast<double>(count))
                              : ": a score on so few rows is mostly noise";
    diags.report(diag::data::tiny_part(message, at, part));
  };
  tiny_part("val", n.val, used->val, "early stopping or the tune objective scores");
  tiny_part("test", n.test, used->test, "the report's test metrics score");
  if (used->test && s.test <= 0) {  // `test: 0` and a report that asks for test metrics: the run printed none
    diags.report(diag::data::bad_split(
        fmt::format("the report asks for test metrics, but the split of `{}` keeps no test part (`test: 0`)", d.name), at,
        "give the split a `test:` fraction, or drop `test:` from the report"));
    ok = false;
  }
  return ok;
}

}  // namespace xp
