#pragma once
// The settings each block accepts (train, tune, report, split) and what kind
// of value each one takes. One table: resolve uses it to know that
// `optimizer = adam(lr)` names an optimizer and `maximize = val.accuracy` a
// metric; the kinds pass uses it to reject unknown settings with a
// suggestion; docs/language.md lists the same keys.
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast.h"
#include "stdlib/builtins.h"

namespace xp {

enum class BlockKind { Train, Tune, Report, Split, StopEarly };

enum class Role {
  TensorExpr,   // loss = cross_entropy(mlp(x), y) + ...: a differentiable expression
  HyperExpr,    // epochs = epochs, batch = 16: a scalar known before training
  Constant,     // trials = 40, train: 0.6: a number written in the script
  Flag,         // stratify: true, refit: false
  Builtin,      // optimizer = adam(lr): a built-in of `category` (or a hyper choosing one)
  Objective,    // maximize = val.accuracy (tune) or an expression of hypers (black box)
  Monitor,      // monitor: val.loss
  MetricNames,  // test: accuracy, f1 / metrics: accuracy
  Word,         // mode: min|max — one of `words`
  Path,         // save "runs/iris"
  Nothing,      // hypers / params: a bare command
  Call,         // stop_early(...): its arguments follow BlockKind::StopEarly
};

struct SettingSpec {
  std::string_view key;
  Role role;
  stdlib::Category category = stdlib::Category::Constant;  // Role::Builtin only
  std::vector<std::string_view> words = {};                   // Role::Word only
};

// The settings of a block; empty for none.
const std::vector<SettingSpec>& settings_of(BlockKind block);
const SettingSpec* find_setting(BlockKind block, std::string_view key);
std::string_view block_name(BlockKind block);  // "train", "tune", ...

}  // namespace xp
