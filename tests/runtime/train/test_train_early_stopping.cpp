#include <doctest/doctest.h>

#include <cmath>

#include "runtime/train/early_stopping.h"

using namespace xp;

TEST_CASE("early stopping counts epochs without improvement beyond min_delta") {
  ir::EarlyStop spec;
  spec.enabled = true;
  spec.patience = 2;
  SUBCASE("minimizing a loss") {
    spec.min_delta = 0.01;
    rt::EarlyStopping s(spec);
    CHECK(s.update(1, 1.0));
    CHECK(s.update(2, 0.5));
    CHECK_FALSE(s.update(3, 0.495));  // better, but not by min_delta
    CHECK_FALSE(s.should_stop());
    CHECK_FALSE(s.update(4, 0.7));
    CHECK(s.should_stop());
    CHECK(s.best_epoch() == 2);
    CHECK(s.best_value() == 0.5);
  }
  SUBCASE("maximizing an accuracy") {
    spec.maximize = true;
    rt::EarlyStopping s(spec);
    CHECK(s.update(1, 0.5));
    CHECK(s.update(2, 0.9));
    CHECK_FALSE(s.update(3, 0.8));
    CHECK(s.update(4, 0.95));
    CHECK_FALSE(s.should_stop());
    CHECK(s.best_epoch() == 4);
  }
  SUBCASE("NaN never improves") {
    rt::EarlyStopping s(spec);
    CHECK_FALSE(s.update(1, std::nan("")));
    CHECK_FALSE(s.has_best());
    CHECK(s.update(2, 3.0));
  }
  SUBCASE("disabled never stops") {
    spec.enabled = false;
    rt::EarlyStopping s(spec);
    for (int e = 1; e < 10; ++e) s.update(e, 1.0);
    CHECK_FALSE(s.should_stop());
  }
}
