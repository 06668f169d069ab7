// write_predictions' regression cells (prediction_table.h): values in the
// target's units to 6 significant digits, so the float noise of scaling and
// unscaling (1.4 read back as 1.4000002) does not reach the file, while no
// integer digit of a large value is lost to an exponent.
#include <doctest/doctest.h>

#include <sstream>

#include "runtime/predict/prediction_table.h"

using namespace xp::rt;

TEST_CASE("regression cells: six significant digits, whole numbers kept whole, no exponent") {
  Matrix outputs(6, 1);
  outputs << 1.4000002f, 0.10000005f, 239579.98f, 1.3331084f, -0.0000001f, 12345678.0f;
  std::ostringstream out;
  write_predictions(out, outputs, Task::Regression, {}, PredictionColumns{});
  CHECK(out.str() == "predicted\n1.4\n0.1\n239580\n1.33311\n-0.0000001\n12345678\n");
}
