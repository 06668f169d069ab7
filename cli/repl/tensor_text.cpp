#include "cli/repl/tensor_text.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "runtime/report/format.h"

namespace xp::cli {
namespace {

// Indices to show out of n: all of them, or the first and last halves of `keep` with a gap (-1) between.
std::vector<long> pick(long n, int keep) {
  std::vector<long> out;
  if (n <= keep) {
    for (long i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  long head = keep / 2, tail = keep - head;
  for (long i = 0; i < head; ++i) out.push_back(i);
  out.push_back(-1);
  for (long i = n - tail; i < n; ++i) out.push_back(i);
  return out;
}

std::string cell(float v) { return fmt::format("{:.4f}", v); }

}  // namespace

std::string format_tensor(const rt::SavedTensor& t, int max_rows, int max_cols) {
  std::vector<long> shape(t.shape.begin(), t.shape.end());
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  double sum = 0, sq = 0, lo = INFINITY, hi = -INFINITY;
  for (float v : t.values) sum += v, sq += double(v) * v, lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
  size_t n = t.values.size();
  std::string out = fmt::format("{}: [{}]  {} values", t.name, dims, n);
  if (n) {
    using rt::report::format_number;
    out += fmt::format("  norm {}  mean {}  min {}  max {}", format_number(std::sqrt(sq)),
                       format_number(sum / static_cast<double>(n)), format_number(lo), format_number(hi));
  }
  out += "\n";
  if (!n) return out;
  // Rank 0/1 print as one row; rank ≥ 2 as rows × last axis (leading axes flattened).
  long cols = shape.empty() ? 1 : shape.back();
  long rows = cols > 0 ? static_cast<long>(n) / cols : 0;
  if (shape.size() <= 1) rows = 1, cols = static_cast<long>(n);
  auto row_ids = pick(rows, max_rows);
  auto col_ids = pick(cols, max_cols);
  size_t width = 0;
  for (long r : row_ids)
    for (long c : col_ids)
      if (r >= 0 && c >= 0) width = std::max(width, cell(t.values[static_cast<size_t>(r * cols + c)]).size());
  for (long r : row_ids) {
    std::string line = "  ";
    for (long c : col_ids) {
      std::string s = r < 0 ? (c < 0 ? "⋱" : "⋮") : (c < 0 ? "…" : cell(t.values[static_cast<size_t>(r * cols + c)]));
      size_t w = (r < 0 || c < 0) ? 1 : s.size();
      line += std::string(width > w ? width - w : 0, ' ') + s + " ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace xp::cli
