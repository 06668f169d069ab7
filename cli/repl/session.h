#pragma once
// A REPL session: the script typed so far, re-checked as a whole after every
// statement, and the latest run (report and model file) that expressions and
// :commands read. Knows nothing of terminals: lines in, text out (a FILE*), so
// it is driven the same way by libedit, a pipe, or a unit test.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/repl/source_origin.h"
#include "cli/repl/statements.h"
#include "compiler/driver.h"
#include "runtime/predict/saved_model.h"
#include "runtime/run/run.h"

namespace xp::cli {

// Why a script the REPL is asked to read (`exp repl FILE`, `:load FILE`)
// cannot be: "no such file", "it is a directory"; empty when it can be tried.
std::string unreadable_script(const std::string& path);

class ReplSession {
 public:
  struct Options {
    std::FILE* out = stdout;                 // everything, diagnostics included
    bool progress = false;                   // live progress of runs (a terminal)
    std::string work_dir;                    // run folders go here ("" = a fresh temporary folder)
  };
  explicit ReplSession(Options options);
  ~ReplSession();

  // One complete input (possibly several lines). Returns false when the session should end (:quit).
  bool submit(const std::string& input);
  // Whether `text` needs more lines before it can be submitted (an open bracket, a trailing
  // operator, a block statement's header whose `{` is still to come).
  static bool incomplete(const std::string& text);
  // Completion candidates for `word` given the line before it.
  std::vector<std::string> complete(const std::string& line, const std::string& word) const;
  // Loads a script file as if its statements were typed (exp repl FILE, :load).
  void load(const std::string& path);
  // Where this session's run folders go (Options::work_dir, or its own fresh temporary folder).
  const std::string& work_dir() const { return options_.work_dir; }

 private:
  struct Chunk {
    StatementKey key;
    std::string text;
    SourceOrigin origin;  // where the user typed it (diagnostics point there)
  };

  void command(const std::string& input);
  // false: refused (the session is unchanged). A typed statement that redefines
  // an earlier one takes its place; with `file_order` (:load, exp repl FILE)
  // the file's statements keep the file's order, as `exp run FILE` reads them.
  bool statements(std::vector<Chunk> chunks, bool announce, bool file_order = false);
  // Whether the last run computed what every `report` asks for (a new report
  // alone then reads it instead of training again).
  bool last_run_serves_reports() const;
  void expression(const std::string& text);
  // Compiles `chunks` as one program and prints its errors where each statement came from.
  CompileResult check(const std::vector<Chunk>& chunks, const CompileOptions& options = {}) const;
  bool recompile(const std::vector<Chunk>& chunks);
  void show_diagnostics(const CompileResult& result, size_t from, const std::vector<Chunk>& chunks,
                        bool errors_only) const;
  // The current input's text from `part` on (an expression inside `:shape …`), for diagnostics.
  SourceOrigin origin_of(const std::string& part, uint32_t prefix = 0) const;
  void run(const StatementKey& last);
  void show_run_outcome(const StatementKey& last);

  // expressions and commands (session_eval.cpp, session_commands.cpp)
  bool show_param(const std::string& model, const std::string& param);
  bool show_split(const std::string& data, const std::string& split);
  bool show_name(const std::string& name);
  bool predict(const std::string& model, const std::string& args);
  // `model({column: value, …})`: the row by the data file's column names (row_by_name.h).
  void predict_named(const std::string& model, const std::string& row);
  // Predicts one row given as a CSV header and its cells, and prints the result.
  void predict_row(const std::vector<std::string>& columns, const std::vector<std::string>& cells);
  // The last run's model, read from its file once per run for every
  // prediction after it; nullptr (its diagnostics printed) when unreadable.
  rt::SavedModel* saved_model();
  void cmd_help(const std::string& arg);
  void cmd_hypers();
  void cmd_params(const std::string& model);
  void cmd_trials();
  void print_model_steps(const std::string& name);
  void cmd_shape(const std::string& expr);
  void cmd_ir(const std::string& model);
  void cmd_reset();

  const ir::ModelGraph* model(const std::string& name) const;
  const nlohmann::json* report_for(const std::string& model) const;
  void print(const std::string& text) const;
  void error(const std::string& message, const std::string& help = "") const;

  Options options_;
  std::string anchor_;                  // names the session's text; relative paths resolve beside it
  std::vector<Chunk> chunks_;
  std::optional<CompileResult> compiled_;  // chunks_, checked
  int inputs_ = 0;                      // inputs so far: the N of <repl:N>
  SourceOrigin input_;                  // the input being evaluated
  std::optional<rt::RunResult> last_run_;
  std::string last_run_source_;         // the source that run used (a new `report` alone reuses it)
  int runs_ = 0;
  std::optional<rt::SavedModel> saved_;  // saved_model()'s, loaded after run number saved_run_
  int saved_run_ = 0;
  size_t fresh_prints_ = 0;  // print statements in the input being run
  bool own_work_dir_ = false;
};

}  // namespace xp::cli
