#include "compiler/passes/block_settings.h"

namespace xp {
namespace {

using C = stdlib::Category;

const std::vector<SettingSpec> kTrain = {
    {"loss", Role::TensorExpr},
    {"optimizer", Role::Builtin, C::Optimizer},
    {"epochs", Role::HyperExpr},
    {"batch", Role::HyperExpr},
    {"schedule", Role::Builtin, C::Schedule},
    {"clip", Role::HyperExpr},
    {"metrics", Role::MetricNames},
    {"stop_early", Role::Call},
};

const std::vector<SettingSpec> kTune = {
    {"method", Role::Builtin, C::Method},
    {"trials", Role::Constant},
    {"timeout", Role::Constant},
    {"maximize", Role::Objective},
    {"minimize", Role::Objective},
    {"parallel", Role::Constant},
    {"prune", Role::Builtin, C::Pruner},
    {"cv", Role::Constant},
    {"refit", Role::Flag},
    {"startup", Role::Constant},
    // sampler options (docs/tuning.md); their defaults and bounds are in
    // stdlib::tune_options(), read by the checker and the runtime alike
    {"gamma", Role::Constant},
    {"candidates", Role::Constant},
    {"multivariate", Role::Flag},
    {"batch", Role::Constant},
    {"count", Role::Constant},
    {"trial_timeout", Role::Constant},
};

const std::vector<SettingSpec> kReport = {
    {"hypers", Role::Nothing},
    {"params", Role::Nothing},
    {"history", Role::Nothing},
    {"test", Role::MetricNames},
    {"save", Role::Path},
};

const std::vector<SettingSpec> kSplit = {
    {"train", Role::Constant},
    {"val", Role::Constant},
    {"test", Role::Constant},
    {"stratify", Role::Flag},
    {"shuffle", Role::Flag},
    {"folds", Role::Constant},
};

const std::vector<SettingSpec> kStopEarly = {
    {"monitor", Role::Monitor},
    {"patience", Role::Constant},
    {"min_delta", Role::Constant},
    {"restore_best", Role::Flag},
    {"restore", Role::Flag},  // the short name many users write; the same option
    {"mode", Role::Word, C::Constant, {"min", "max"}},
};

}  // namespace

const std::vector<SettingSpec>& settings_of(BlockKind block) {
  switch (block) {
    case BlockKind::Train: return kTrain;
    case BlockKind::Tune: return kTune;
    case BlockKind::Report: return kReport;
    case BlockKind::Split: return kSplit;
    case BlockKind::StopEarly: return kStopEarly;
  }
  return kTrain;
}

const SettingSpec* find_setting(BlockKind block, std::string_view key) {
  for (const auto& s : settings_of(block))
    if (s.key == key) return &s;
  return nullptr;
}

std::string_view block_name(BlockKind block) {
  switch (block) {
    case BlockKind::Train: return "train";
    case BlockKind::Tune: return "tune";
    case BlockKind::Report: return "report";
    case BlockKind::Split: return "split";
    case BlockKind::StopEarly: return "stop_early";
  }
  return "?";
}

}  // namespace xp
