#include "runtime/metrics/class_weights.h"

#include <cstddef>
#include <cstdint>

namespace xp::rt {

std::vector<float> balanced_class_weights(const std::vector<int>& labels, int classes) {
  if (classes <= 0) return {};
  std::vector<int64_t> count(static_cast<size_t>(classes), 0);
  int64_t n = 0;
  for (int c : labels)
    if (c >= 0 && c < classes) ++count[static_cast<size_t>(c)], ++n;
  std::vector<float> w(static_cast<size_t>(classes), 1.f);
  for (size_t c = 0; c < w.size(); ++c)
    if (count[c] > 0) w[c] = static_cast<float>(static_cast<double>(n) / (static_cast<double>(classes) * static_cast<double>(count[c])));
  return w;
}

}  // namespace xp::rt
