#pragma once
// W01xx — warnings (rule 7 and search-space advice). A script with only
// warnings still checks (exit 0).
#include <string_view>

#include "base/diag_builders.h"

namespace xp::diag {

// W0101 a hyper nothing reads.
// `only_reader`: the unused hyper whose condition or value is this one's only reader.
Diagnostic unused_hyper(Span at, std::string_view name, std::string_view only_reader = {});
// W0102 a param that no output of its model depends on.
Diagnostic dead_param(Span at, std::string_view name, std::string_view model);
// W0103 a model no train block trains.
Diagnostic untrained_model(Span at, std::string_view name);
// W0104 a data set nothing reads.
Diagnostic unused_data(Span at, std::string_view name);
// W0105 `uniform(1e-5, 1)`: a linear range spanning orders of magnitude.
Diagnostic wide_linear_range(Span at, double low, double high, std::string_view instead);
// W0106 `int(1, 10, step: 4)`: a step that does not divide the range.
Diagnostic step_does_not_divide(Span at, double low, double high, double step, double last);

}  // namespace xp::diag
