// The block schema (compiler/passes/block_settings.cpp: which keys a block takes and
// how resolve reads them) against the built-in registry (stdlib/builtins.cpp:
// the defaults and bounds of those keys): every numeric or yes/no key of a
// tune block and every stop_early argument is declared once in the registry,
// and the registry declares no key the checker would refuse.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "compiler/passes/block_settings.h"
#include "stdlib/builtins.h"

using namespace xp;

namespace {
std::set<std::string> keys(BlockKind block, bool numeric_only) {
  std::set<std::string> out;
  for (const auto& s : settings_of(block))
    if (!numeric_only || s.role == Role::Constant || s.role == Role::Flag) out.emplace(s.key);
  return out;
}
std::set<std::string> names(std::span<const stdlib::Arg> args) {
  std::set<std::string> out;
  for (const auto& a : args) out.emplace(a.name);
  return out;
}
}  // namespace

TEST_CASE("tune block: the numeric and yes/no keys are the registry's tune options") {
  CHECK(keys(BlockKind::Tune, true) == names(stdlib::tune_options()));
  for (const auto& s : settings_of(BlockKind::Tune)) {
    const stdlib::Arg* a = stdlib::find_arg(stdlib::tune_options(), s.key);
    if (!a) continue;
    CAPTURE(s.key);
    CHECK((s.role == Role::Flag) == (a->type == stdlib::ArgType::Bool));
  }
}

TEST_CASE("stop_early: the schema's arguments are the registry's") {
  CHECK(keys(BlockKind::StopEarly, false) == names(stdlib::stop_early_options()));
}

TEST_CASE("a tune method or a pruner named in a tune block is a registry built-in") {
  CHECK(find_setting(BlockKind::Tune, "method")->category == stdlib::Category::Method);
  CHECK(find_setting(BlockKind::Tune, "prune")->category == stdlib::Category::Pruner);
  CHECK(stdlib::find("sha", stdlib::Category::Method));
}
