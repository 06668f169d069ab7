#pragma once
// The runtime's dense matrix: float32, row-major (one example per row), the
// layout the kernels, the data and the trainer share. Its own header so the
// graph runtime does not depend on the data layer for a typedef.
#include <Eigen/Core>

namespace xp::rt {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::Matrix<float, Eigen::Dynamic, 1>;

}  // namespace xp::rt
