#pragma once
// The plots of report.html, each an inline <svg> built from report.json.
// Each returns "" when the report has nothing to draw (no trials, no history,
// a regression model has no confusion matrix).
#include <string>

#include <nlohmann/json.hpp>

namespace xp::rt::report {

std::string plot_history(const nlohmann::json& report);          // objective per trial + best so far
std::string plot_parallel(const nlohmann::json& report);         // hypers vs objective, one line per trial
std::string plot_importance(const nlohmann::json& report);       // horizontal bars
std::string plot_learning_curves(const nlohmann::json& report);  // losses (and val metrics) per epoch
std::string plot_confusion(const nlohmann::json& report);        // heat map of the test confusion matrix
std::string plot_budgets(const nlohmann::json& report);          // multi-fidelity: each trial's values up to its budget
std::string plot_fit(const nlohmann::json& report);              // regression: predicted vs actual, residuals (test_fit)

}  // namespace xp::rt::report
