#pragma once
// What the stages of one `exp run` share (internal to runtime/run). The
// table of contents is run_program in run.cpp; each train block runs in
// run_train.cpp, each black-box tune block in run_blackbox.cpp.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/data/dataset.h"
#include "runtime/core/progress.h"
#include "runtime/run/run.h"
#include "runtime/run/run_folder.h"
#include "runtime/store/store.h"
#include "runtime/tune/study.h"

namespace xp::rt {

struct RunContext {
  const ir::Program& program;
  ir::SearchSpace space;            // the script's, with --set applied
  uint64_t seed = 0;
  const RunOptions& options;
  RunFolder folder;
  Progress& progress;
  Diagnostics& diags;
  std::map<std::string, PreparedData> data;  // prepared once per data name
  // The rows of each `evaluate MODEL on DATA` of another data set, encoded
  // as the model's training data (evaluation_key); loaded with `data`.
  std::map<std::string, Part> evaluation_rows;
  ir::Assignment last_hypers;       // the hypers of the last model trained (for `print`)
  bool interrupted() const { return options.stop && options.stop->load(); }
};

// The outcome of one train or black-box tune block.
struct BlockResult {
  RunStatus status = RunStatus::Ok;
  std::string failure;
  nlohmann::json report;            // the model's (or study's) report.json content
  std::string model_file;           // the file name written in the run folder ("model.expm"), "" if none
};

// Loads (once) and returns the data a train block names; nullptr after diagnostics.
const PreparedData* prepared_data(RunContext& ctx, const std::string& name, Span span);
// Every data set the run reads (run_data.cpp), before the run folder is
// made: false after diagnostics, and then nothing was created.
bool load_run_data(RunContext& ctx);
// The key of ctx.evaluation_rows: the statement's index in
// program.evaluations and the data set its model was trained on.
std::string evaluation_key(size_t index, const std::string& trained_on);

BlockResult run_train_block(RunContext& ctx, const ir::TrainSpec& train, const std::string& model_file);
// `index` counts the script's black-box tune blocks from 0: each is a study of
// its own name (`blackbox`, `blackbox_2`, …) with its own trials file.
BlockResult run_blackbox_block(RunContext& ctx, const ir::TuneSpec& tune, int index);

// The report keys every run shares: schema, version, time, script.
nlohmann::json report_header(const RunContext& ctx);
// Studies: the SQLite store in the run folder (fresh unless --resume;
// nullptr after diagnostics), per-trial progress events, and the report's
// study, trials and best.
// The study's store: --storage URL when given (then `so` becomes a shared
// study: its name from --study, claims and leases), else study.db in the run folder.
std::unique_ptr<StudyStore> open_study_store(RunContext& ctx, StudyOptions& so);
// With --storage: whether the store opens (else E0911 reported), checked
// before the run folder is made, so a failed connection leaves no folder.
bool study_store_reachable(const RunOptions& options, Diagnostics& diags);
std::function<void(const TrialRecord&, const StudyProgress&)> study_progress(Progress& progress);
void add_study_report(nlohmann::json& report, const RunContext& ctx, const ir::SearchSpace& space, const ir::TuneSpec& tune,
                      const StudyResult& study, int parallel);

}  // namespace xp::rt
