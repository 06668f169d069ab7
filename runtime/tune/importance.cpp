#include "runtime/tune/importance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt {
namespace {

struct Node {
  int feature = -1;       // -1: leaf
  double threshold = 0;   // go left when x < threshold
  int left = -1, right = -1;
  double value = 0;       // leaf mean
};

struct Tree {
  std::vector<Node> nodes;
};

struct Data {
  std::vector<std::vector<double>> x;  // rows
  std::vector<double> y;
};

double mean_of(const Data& d, const std::vector<size_t>& idx) {
  double s = 0;
  for (size_t i : idx) s += d.y[i];
  return idx.empty() ? 0 : s / static_cast<double>(idx.size());
}

// Grows a regression tree on rows `idx` (with repeats from the bootstrap).
int grow(Tree& t, const Data& d, std::vector<size_t> idx, int depth, const ImportanceOptions& o) {
  const int id = static_cast<int>(t.nodes.size());
  t.nodes.push_back(Node{});
  t.nodes[static_cast<size_t>(id)].value = mean_of(d, idx);
  if (depth >= o.max_depth || idx.size() < static_cast<size_t>(2 * o.min_leaf)) return id;
  const size_t features = d.x[0].size();
  double best_gain = 1e-12, best_threshold = 0;
  int best_feature = -1;
  double total = 0, total_sq = 0;
  for (size_t i : idx) { total += d.y[i]; total_sq += d.y[i] * d.y[i]; }
  const double n = static_cast<double>(idx.size());
  const double sse = total_sq - total * total / n;
  for (size_t f = 0; f < features; ++f) {
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return d.x[a][f] < d.x[b][f]; });
    double left = 0, left_sq = 0;
    for (size_t k = 0; k + 1 < idx.size(); ++k) {
      left += d.y[idx[k]];
      left_sq += d.y[idx[k]] * d.y[idx[k]];
      const double a = d.x[idx[k]][f], b = d.x[idx[k + 1]][f];
      const size_t nl = k + 1, nr = idx.size() - nl;
      if (a == b || nl < static_cast<size_t>(o.min_leaf) || nr < static_cast<size_t>(o.min_leaf)) continue;
      const double right = total - left, right_sq = total_sq - left_sq;
      const double split_sse = (left_sq - left * left / static_cast<double>(nl)) + (right_sq - right * right / static_cast<double>(nr));
      if (sse - split_sse > best_gain) {
        best_gain = sse - split_sse;
        best_feature = static_cast<int>(f);
        best_threshold = 0.5 * (a + b);
      }
    }
  }
  if (best_feature < 0) return id;
  std::vector<size_t> l, r;
  for (size_t i : idx) (d.x[i][static_cast<size_t>(best_feature)] < best_threshold ? l : r).push_back(i);
  const int li = grow(t, d, std::move(l), depth + 1, o);
  const int ri = grow(t, d, std::move(r), depth + 1, o);
  Node& node = t.nodes[static_cast<size_t>(id)];
  node.feature = best_feature;
  node.threshold = best_threshold;
  node.left = li;
  node.right = ri;
  return id;
}

struct Leaf {
  std::vector<double> lo, hi;
  double value;
};

void collect_leaves(const Tree& t, int id, std::vector<double>& lo, std::vector<double>& hi, std::vector<Leaf>& out) {
  const Node& n = t.nodes[static_cast<size_t>(id)];
  if (n.feature < 0) {
    out.push_back(Leaf{lo, hi, n.value});
    return;
  }
  const size_t f = static_cast<size_t>(n.feature);
  const double old_hi = hi[f], old_lo = lo[f];
  hi[f] = std::min(old_hi, std::max(old_lo, n.threshold));
  collect_leaves(t, n.left, lo, hi, out);
  hi[f] = old_hi;
  lo[f] = std::max(old_lo, std::min(old_hi, n.threshold));
  collect_leaves(t, n.right, lo, hi, out);
  lo[f] = old_lo;
}

// Main-effect variance shares of one tree over the unit cube; empty if the tree is constant.
std::vector<double> main_effect_shares(const Tree& t, size_t features) {
  std::vector<double> lo(features, 0.0), hi(features, 1.0);
  std::vector<Leaf> leaves;
  collect_leaves(t, 0, lo, hi, leaves);
  std::vector<double> vol(leaves.size());
  double mu = 0;
  for (size_t i = 0; i < leaves.size(); ++i) {
    vol[i] = 1;
    for (size_t f = 0; f < features; ++f) vol[i] *= leaves[i].hi[f] - leaves[i].lo[f];
    mu += vol[i] * leaves[i].value;
  }
  double total = 0;
  for (size_t i = 0; i < leaves.size(); ++i) total += vol[i] * (leaves[i].value - mu) * (leaves[i].value - mu);
  if (total <= 1e-300) return {};
  std::vector<double> shares(features, 0.0);
  for (size_t f = 0; f < features; ++f) {
    std::vector<double> cuts{0.0, 1.0};
    for (const auto& l : leaves) { cuts.push_back(l.lo[f]); cuts.push_back(l.hi[f]); }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    double v = 0;
    for (size_t c = 0; c + 1 < cuts.size(); ++c) {
      const double mid = 0.5 * (cuts[c] + cuts[c + 1]), width = cuts[c + 1] - cuts[c];
      // E[f | x_f = mid]: every leaf whose interval holds mid, weighted by its volume in the other dims.
      double marginal = 0;
      for (size_t i = 0; i < leaves.size(); ++i)
        if (leaves[i].lo[f] <= mid && mid < leaves[i].hi[f])
          marginal += leaves[i].value * vol[i] / (leaves[i].hi[f] - leaves[i].lo[f]);
      v += width * (marginal - mu) * (marginal - mu);
    }
    shares[f] = v / total;
  }
  return shares;
}

}  // namespace

std::vector<HyperImportance> hyper_importance(const ir::SearchSpace& space, const std::vector<TrialRecord>& trials,
                                              const ImportanceOptions& o) {
  std::vector<const TrialRecord*> rows;
  for (const auto& t : trials)
    if (t.state == TrialState::Complete && std::isfinite(t.value)) rows.push_back(&t);
  if (rows.size() < 3) return {};
  // Columns: searched, unconditional hypers that vary over the rows. A
  // conditional hyper is left out even when its condition held in every
  // complete trial (its effect is not separable from the condition's); a
  // hyper constant over the rows explains nothing and is not reported.
  std::vector<const ir::HyperDomain*> cols;
  for (const auto& d : space.hypers) {
    if (d.kind == ir::HyperDomain::Kind::Fixed || !d.when.empty()) continue;
    const bool everywhere = std::all_of(rows.begin(), rows.end(), [&](const TrialRecord* t) { return t->hypers.count(d.name) > 0; });
    if (!everywhere) continue;
    const ir::Value& first = rows.front()->hypers.at(d.name);
    const bool varies = std::any_of(rows.begin(), rows.end(), [&](const TrialRecord* t) { return !(t->hypers.at(d.name) == first); });
    if (varies) cols.push_back(&d);
  }
  if (cols.empty()) return {};
  Data data;
  for (const TrialRecord* t : rows) {
    std::vector<double> x;
    for (const auto* d : cols) x.push_back(to_unit(*d, t->hypers.at(d->name)));
    data.x.push_back(std::move(x));
    data.y.push_back(t->value);
  }
  std::mt19937_64 rng(derive_seed(o.seed, 0x616E6F7661));  // "anova"
  std::uniform_int_distribution<size_t> pick(0, rows.size() - 1);
  std::vector<double> sum(cols.size(), 0.0);
  int used = 0;
  for (int k = 0; k < o.trees; ++k) {
    std::vector<size_t> idx(rows.size());
    for (auto& i : idx) i = pick(rng);
    Tree tree;
    grow(tree, data, std::move(idx), 0, o);
    auto shares = main_effect_shares(tree, cols.size());
    if (shares.empty()) continue;
    for (size_t f = 0; f < cols.size(); ++f) sum[f] += shares[f];
    ++used;
  }
  // No tree found a split (the objective does not vary with any hyper
  // measured): there is nothing to attribute, so nothing is reported rather
  // than equal shares that would read as "each matters as much".
  std::vector<HyperImportance> out;
  const double total = std::accumulate(sum.begin(), sum.end(), 0.0);
  if (used == 0 || total <= 0) return out;
  for (size_t f = 0; f < cols.size(); ++f) {
    HyperImportance h;
    h.name = cols[f]->name;
    h.main_effect = sum[f] / used;
    h.importance = sum[f] / total;
    out.push_back(h);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.importance > b.importance; });
  return out;
}

}  // namespace xp::rt
