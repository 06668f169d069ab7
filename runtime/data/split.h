#pragma once
// Splitting rows into train / val / test and the training part into k folds.
//
// Counts: n_test = round(test·n), n_val = round(val·n), the rest is train.
// Stratified: every class gets ⌊fraction·n_c⌋ rows of each part, and the
// rows still needed to reach the totals above go one each to the classes with
// the largest remainders (ties: lower class index first) — so each class is
// within one row of its proportional share and the totals are exact.
// Shuffled: rows are drawn in an order given by the seed; unshuffled: in file
// order (train first, then val, then test). Each part lists its row indices in
// ascending order.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "runtime/data/dataset.h"

namespace xp::rt {

struct SplitRows { std::vector<size_t> train, val, test; };

// `labels` is non-null for a stratified split (one class index per row).
SplitRows split_rows(size_t n, const ir::SplitSpec& spec, const std::vector<int>* labels, uint64_t seed);

// k folds over rows 0..n-1: each row is scored in exactly one fold. With
// labels, stratified (each class dealt round-robin over the folds after a
// seeded shuffle); without, contiguous runs of a seeded permutation (the first
// n mod k folds get one row more).
std::vector<Fold> kfold(size_t n, int k, const std::vector<int>* labels, uint64_t seed);

// A content hash of a part (shape, features and targets): "bulk64:" and 16
// hex digits of base/hash.h's bulk_hash64 over the bytes. Equal parts have
// equal fingerprints. Runs recorded before it carry 16 bare hex digits of
// FNV-1a (one multiply per byte: ~10 % of loading a CSV file); the prefix
// names the hash so that `exp diff` compares only fingerprints of one kind.
inline constexpr const char* kFingerprintPrefix = "bulk64:";
std::string fingerprint(const Part& p);

}  // namespace xp::rt
