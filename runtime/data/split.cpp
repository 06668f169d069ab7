#include "runtime/data/split.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

#include "base/hash.h"
#include "ir/split_rules.h"
#include "runtime/core/data_rng.h"

namespace xp::rt {

namespace {

std::vector<size_t> iota(size_t n) {
  std::vector<size_t> v(n);
  std::iota(v.begin(), v.end(), size_t{0});
  return v;
}

// Splits `total` into per-group shares proportional to `sizes` (largest remainder).
std::vector<size_t> apportion(size_t total, const std::vector<size_t>& sizes, double fraction) {
  std::vector<size_t> share(sizes.size());
  std::vector<std::pair<double, size_t>> remainders;
  size_t given = 0;
  for (size_t c = 0; c < sizes.size(); ++c) {
    double exact = fraction * static_cast<double>(sizes[c]);
    share[c] = std::min(sizes[c], static_cast<size_t>(std::floor(exact)));
    given += share[c];
    remainders.push_back({exact - static_cast<double>(share[c]), c});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; given < total && i < remainders.size(); ++i) {
    size_t c = remainders[i].second;
    if (share[c] < sizes[c]) {
      ++share[c];
      ++given;
    }
  }
  return share;
}

}  // namespace

SplitRows split_rows(size_t n, const ir::SplitSpec& spec, const std::vector<int>* labels, uint64_t seed) {
  DataRng rng(seed ^ 0x5EED5A17ull);
  const SplitSizes sizes_of_parts = split_sizes(n, spec);  // the counts the checker proves against
  size_t n_test = sizes_of_parts.test, n_val = sizes_of_parts.val;

  // Groups of rows: one per class when stratified, else one group.
  std::vector<std::vector<size_t>> groups;
  if (labels) {
    int classes = labels->empty() ? 0 : *std::max_element(labels->begin(), labels->end()) + 1;
    groups.resize(static_cast<size_t>(classes));
    for (size_t r = 0; r < n; ++r) groups[static_cast<size_t>((*labels)[r])].push_back(r);
  } else {
    groups.push_back(iota(n));
  }
  if (spec.shuffle)
    for (auto& g : groups) rng.shuffle(g);

  std::vector<size_t> sizes;
  for (const auto& g : groups) sizes.push_back(g.size());
  std::vector<size_t> test_share = apportion(n_test, sizes, spec.test);
  std::vector<size_t> left(sizes.size());
  for (size_t c = 0; c < sizes.size(); ++c) left[c] = sizes[c] - test_share[c];
  // The val fraction is of the whole, so scale it to what is left of each group.
  std::vector<size_t> val_share(sizes.size());
  {
    std::vector<size_t> share = apportion(n_val, sizes, spec.val);
    for (size_t c = 0; c < sizes.size(); ++c) val_share[c] = std::min(share[c], left[c]);
  }

  // Each row's part, then the parts' rows in file order: the sorted lists
  // without sorting (a sort of a million shuffled rows was 40 ms of loading).
  enum : uint8_t { kTrain, kVal, kTest };
  std::vector<uint8_t> part_of(n, kTrain);
  size_t counts[3] = {0, 0, 0};
  for (size_t c = 0; c < groups.size(); ++c) {
    const auto& g = groups[c];
    const size_t train_end = g.size() - test_share[c] - val_share[c];
    for (size_t i = 0; i < g.size(); ++i) {
      const uint8_t part = i < train_end ? kTrain : i < train_end + val_share[c] ? kVal : kTest;
      part_of[g[i]] = part;
      ++counts[part];
    }
  }
  SplitRows out;
  out.train.reserve(counts[kTrain]);
  out.val.reserve(counts[kVal]);
  out.test.reserve(counts[kTest]);
  for (size_t r = 0; r < n; ++r) (part_of[r] == kTrain ? out.train : part_of[r] == kVal ? out.val : out.test).push_back(r);
  return out;
}

std::vector<Fold> kfold(size_t n, int k, const std::vector<int>* labels, uint64_t seed) {
  DataRng rng(seed ^ 0xF01DF01Dull);
  size_t folds = static_cast<size_t>(k);
  std::vector<size_t> fold_of(n);
  if (labels) {
    int classes = n == 0 ? 0 : *std::max_element(labels->begin(), labels->end()) + 1;
    std::vector<std::vector<size_t>> groups(static_cast<size_t>(classes));
    for (size_t r = 0; r < n; ++r) groups[static_cast<size_t>((*labels)[r])].push_back(r);
    size_t next = 0;  // continue the deal across classes so fold sizes stay balanced
    for (auto& g : groups) {
      rng.shuffle(g);
      for (size_t r : g) fold_of[r] = next++ % folds;
    }
  } else {
    std::vector<size_t> order = iota(n);
    rng.shuffle(order);
    size_t at = 0;
    for (size_t f = 0; f < folds; ++f) {
      size_t size = n / folds + (f < n % folds ? 1 : 0);
      for (size_t i = 0; i < size; ++i) fold_of[order[at++]] = f;
    }
  }
  std::vector<Fold> out(folds);
  for (size_t r = 0; r < n; ++r)
    for (size_t f = 0; f < folds; ++f) (f == fold_of[r] ? out[f].score : out[f].fit).push_back(r);
  return out;
}

std::string fingerprint(const Part& p) {
  const int64_t dims[3] = {p.X.rows(), p.X.cols(), p.Y.cols()};
  uint64_t h = bulk_hash64(dims, sizeof dims);
  h = bulk_hash64(p.X.data(), sizeof(float) * static_cast<size_t>(p.X.size()), h);
  h = bulk_hash64(p.Y.data(), sizeof(float) * static_cast<size_t>(p.Y.size()), h);
  return fmt::format("{}{:016x}", kFingerprintPrefix, h);
}

}  // namespace xp::rt
