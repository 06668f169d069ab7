// `exp predict MODEL DATA [-o out.csv] [--proba]`: predictions of a saved model
// for the rows of a CSV, as CSV.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diagnostic_output.h"
#include "cli/exit_codes.h"
#include "base/plural.h"
#include "runtime/io/atomic_file.h"
#include "runtime/predict/predict.h"
#include "runtime/report/format.h"
#include "stdlib/csv.h"

namespace xp::cli {
namespace {

int predict(const PredictOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string model = o.model;
  if (fs::is_directory(model, ec)) model = (fs::path(model) / "model.expm").string();  // a run folder
  if (!fs::exists(model, ec)) {
    fmt::print(stderr, "error: {} does not exist\n", model);
    if (model != o.model) fmt::print(stderr, "  help: the run folder has no model.expm (was a model trained?)\n");
    return kExitUsage;
  }
  if (!fs::exists(o.data, ec)) {
    fmt::print(stderr, "error: {} does not exist\n", o.data);
    return kExitUsage;
  }
  rt::PredictOptions po;
  if (!o.sep.empty()) {
    // On a command line a tab is easier typed as \t or `tab` than as itself.
    po.sep = stdlib::csv::parse_separator(o.sep == "\\t" || o.sep == "tab" ? std::string("\t") : o.sep);
    if (!po.sep) {
      fmt::print(stderr, "error: --sep '{}': the separator must be one of , ; \\t (tab) or |\n"
                         "  help: for example --sep ';' for a file written by a spreadsheet in a comma-decimal locale\n",
                 o.sep);
      return kExitUsage;
    }
  }
  po.probabilities = o.probabilities;
  po.id_column = o.id_column;
  Diagnostics diags;
  rt::PredictResult result;
  if (o.out.empty()) {
    result = rt::predict_csv(model, o.data, std::cout, po, diags);
    std::cout.flush();
  } else {
    // Never truncate first: -o naming the model or the data would destroy
    // it, and a failed prediction would leave half a file. The CSV is built
    // in memory and put in place atomically once it is complete.
    for (const std::string& input : {model, o.data}) {
      if (fs::equivalent(o.out, input, ec) || fs::path(o.out).lexically_normal() == fs::path(input).lexically_normal()) {
        fmt::print(stderr, "error: -o {} is the {} this command reads\n  help: write the predictions to another file\n",
                   o.out, input == model ? "model" : "data file");
        return kExitUsage;
      }
    }
    std::ostringstream out;
    result = rt::predict_csv(model, o.data, out, po, diags);
    std::string why;
    if (result.ok && !rt::write_file_atomic(o.out, out.str(), why)) {
      fmt::print(stderr, "error: cannot write {}: {}\n", o.out, why);
      return kExitUsage;
    }
  }
  print_diagnostics(diags, nullptr);
  if (!result.ok) return kExitUsage;
  // The summary goes to stderr so that stdout stays pure CSV.
  std::string summary = "predicted " + diag::count_of(static_cast<long long>(result.rows), "row", "rows");
  // Rows without a known target are predicted but not scored (W0803 says why).
  std::string against = result.scored == result.rows
                            ? std::string(result.targets > 1 ? "against the CSV's target columns" : "against the CSV's target column")
                            : fmt::format("on the {} of {} with a known target", result.scored,
                                          diag::count_of(static_cast<long long>(result.rows), "row", "rows"));
  if (result.had_target && result.accuracy >= 0)
    summary += fmt::format("; accuracy {} {}", rt::report::format_number(result.accuracy), against);
  if (result.had_target && result.rmse >= 0)
    summary += fmt::format("; RMSE {}{} {}", rt::report::format_number(result.rmse),
                           result.targets > 1 ? fmt::format(" (the mean of {} targets')", result.targets) : "", against);
  if (!o.out.empty()) summary += fmt::format(" → {}", o.out);
  fmt::print(stderr, "{}\n", summary);
  return kExitOk;
}

}  // namespace

int cmd_predict(const PredictOptions& o) {
  // The model file is checked before it is instantiated (saved_model.h); this
  // is the last guard: whatever a hostile file or input still provokes is an
  // error message, never an abort.
  try {
    return predict(o);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "error: out of memory while predicting with {}\n", o.model);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}: {}\n", o.model, e.what());
  }
  return kExitUsage;
}


CommandRun define_predict(CLI::App& cmd) {
  auto o = std::make_shared<PredictOptions>();
  cmd.add_option("MODEL", o->model, "A model file (model.expm) or a run folder holding one")->required();
  cmd.add_option("DATA", o->data, "A CSV with the columns the model was trained on")->required();
  cmd.add_option("-o,--out", o->out, "Write the predictions here (default: standard output)")->type_name("FILE");
  cmd.add_flag("--proba", o->probabilities, "Add one probability column per class (classifiers)");
  cmd.add_option("--sep", o->sep, "The data's separator: , ; \\t (or tab) or | (default: the training file's)")
      ->type_name("SEP");
  cmd.add_option("--id", o->id_column, "Carry this column of the data (an id) first in each output row")
      ->type_name("COLUMN");
  return [o](const CLI::App&) { return cmd_predict(*o); };
}

}  // namespace xp::cli
