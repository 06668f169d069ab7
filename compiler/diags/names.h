#pragma once
// E01xx — names: undefined, defined twice, unknown members.
#include <optional>
#include <string>
#include <string_view>

#include "base/diag_builders.h"

namespace xp::diag {

// E0101 `hiden` is not defined anywhere in scope.
Diagnostic undefined_name(Span at, std::string_view name, const std::optional<std::string>& suggestion);
// A model of a standard module the script did not import (`mlp` without `import std.models`).
// A size-like name (`C`, `F`) used outside any model: sizes the data binds
// are named only in a model's signature.
Diagnostic undefined_data_size(Span at, std::string_view name);
Diagnostic undefined_std_model(Span at, std::string_view name, std::string_view module);
// E0101 a block names a model / data set that does not exist (`train mpl on iris`).
Diagnostic undefined_named(Span at, std::string_view what, std::string_view name,
                           const std::optional<std::string>& suggestion);
// E0102 `lr` is defined twice; the note points at the first definition.
Diagnostic duplicate_definition(Span at, std::string_view name, Span first);
// E0103 `mlp.W3`, `iris.tset`, `val.acc`: the thing before the dot has no such member.
Diagnostic unknown_member(Span at, std::string_view owner, std::string_view what, std::string_view member,
                          const std::optional<std::string>& suggestion, std::string_view known);
// E0103 `lr.x`: a hyper (or any plain value) has no members at all.
Diagnostic no_members(Span at, std::string_view name, std::string_view kind);
// E0103 `test: acuracy`: not a metric of the stdlib.
Diagnostic unknown_metric(Span at, std::string_view name, const std::optional<std::string>& suggestion);
// E0104 a dimension in a param shape that no input shape, result shape, hyper or int input binds.
Diagnostic undefined_dimension(Span at, std::string_view name, std::string_view model,
                               const std::optional<std::string>& suggestion);
// E0105 a local of a model used above the line that defines it.
Diagnostic used_before_definition(Span at, std::string_view name, Span definition);
// E0106 `choice(relu, adam)`: a choice of names must pick among built-ins of one kind.
Diagnostic choice_mixes_categories(Span at, std::string_view first, stdlib::Category first_category,
                                   std::string_view other, stdlib::Category other_category);
// E0106 `choice(small, large)` naming models or hypers: a choice of names picks built-ins.
Diagnostic choice_of_non_builtin(Span at, std::string_view name, bool is_model);

}  // namespace xp::diag
