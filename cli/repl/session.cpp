#include "cli/repl/session.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/console_report.h"
#include "cli/diagnostic_output.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/run_files.h"
#include "cli/version.h"
#include "compiler/parse/parse.h"
#include "runtime/report/format.h"

namespace xp::cli {
namespace fs = std::filesystem;

ReplSession::ReplSession(Options options) : options_(std::move(options)), anchor_("<repl>") {
  if (options_.work_dir.empty()) {
    options_.work_dir = (fs::temp_directory_path() / fmt::format("exp-repl-{}", getpid())).string();
    own_work_dir_ = true;
  }
}

ReplSession::~ReplSession() {
  std::error_code ec;
  if (own_work_dir_) fs::remove_all(options_.work_dir, ec);  // the session's runs were scratch work
}

bool ReplSession::incomplete(const std::string& text) { return is_incomplete_input(text); }

void ReplSession::print(const std::string& text) const {
  std::fputs(text.c_str(), options_.out);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', options_.out);
  std::fflush(options_.out);
}

void ReplSession::error(const std::string& message, const std::string& help) const {
  print("error: " + message + (help.empty() ? "" : "\n  help: " + help));
}

std::string ReplSession::source() const {
  std::string text;
  for (const auto& c : chunks_) {
    text += c.text;
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  return text;
}

bool ReplSession::submit(const std::string& input) {
  if (is_blank_or_comment(input)) return true;  // a comment typed alone is not an (empty) expression
  std::string text = input.substr(input.find_first_not_of(" \t\r\n"));
  if (text[0] == ':') {
    std::string word = text.substr(0, text.find_first_of(" \t\n"));
    if (word == ":quit" || word == ":q" || word == ":exit") return false;
    command(text);
    return true;
  }
  if (classify(text).is_statement()) statements({text}, true);
  else expression(text);
  return true;
}

void ReplSession::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error(fmt::format("cannot read {}", path));
    return;
  }
  std::stringstream s;
  s << in.rdbuf();
  // The loaded script's folder anchors relative paths (csv("data.csv")) as `exp run` would.
  if (chunks_.empty()) anchor_ = (fs::path(path).parent_path() / "<repl>").string();
  auto texts = split_statements(s.str());
  statements(texts, false);
  if (compiled_ && compiled_->ok()) print(fmt::format("loaded {} ({} statements)", path, texts.size()));
}

bool ReplSession::recompile(const std::vector<Chunk>& chunks, bool print_errors) {
  std::string text;
  for (const auto& c : chunks) {
    text += c.text;
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  CompileResult result = compile_source(anchor_, text);
  if (!result.ok()) {
    if (print_errors) {
      // Only errors: while a script is half-typed, "unused hyper" warnings are noise.
      Diagnostics errors;
      for (const auto& d : result.diags.all())
        if (d.severity == Severity::Error) errors.report(d);
      print_diagnostics(errors, &result.sources, 0, options_.out);
    }
    return false;
  }
  compiled_.emplace(std::move(result));
  return true;
}

void ReplSession::statements(const std::vector<std::string>& texts, bool announce) {
  std::vector<Chunk> next = chunks_;
  std::vector<std::string> notes;
  StatementKey last;
  bool runs = false;
  for (const auto& t : texts) {
    Chunk chunk{classify(t), t};
    bool replaced = false;
    if (!chunk.key.name.empty())
      for (auto& old : next)
        if (old.key.kind == chunk.key.kind && old.key.name == chunk.key.name) {
          old = chunk;  // in place: later statements that use it keep their order
          replaced = true;
          break;
        }
    if (!replaced) next.push_back(chunk);
    if (announce && (chunk.key.kind == "hyper" || chunk.key.kind == "model" || chunk.key.kind == "data"))
      notes.push_back(fmt::format("{} {} {}", replaced ? "replaced" : "defined", chunk.key.kind, chunk.key.name));
    else if (announce && replaced)
      notes.push_back(fmt::format("replaced the earlier `{} {}`", chunk.key.kind, chunk.key.name));
    runs = runs || chunk.key.runs();
    last = chunk.key;
  }
  if (!recompile(next, true)) return;  // the session keeps its previous, valid state
  chunks_ = std::move(next);
  for (const auto& n : notes) print(n);
  if (runs) run(last);
}

void ReplSession::run(const StatementKey& last) {
  // A new `report` on an unchanged program reads the last run instead of training again.
  std::string src = source();
  std::string without_reports;
  for (const auto& c : chunks_)
    if (c.key.kind != "report") without_reports += c.text + "\n";
  if (last.kind == "report" && last_run_ && last_run_source_ == without_reports) {
    show_run_outcome(last);
    return;
  }
  rt::RunOptions ro;
  ro.out_dir = (fs::path(options_.work_dir) / fmt::format("run-{}", ++runs_)).string();
  ro.exp_version = version();
  InterruptGuard interrupt;  // Ctrl-C stops this run, and the session goes on
  ro.stop = interrupt.flag();
  std::unique_ptr<ConsoleProgress> progress;
  if (options_.progress) progress = ConsoleProgress::for_stderr();
  ro.progress = progress.get();
  ro.print = [this, &progress](const std::string& line) {
    if (progress) progress->finish();
    print(line);
  };
  size_t before = compiled_->diags.all().size();
  rt::RunResult result = rt::run_program(*compiled_->ir, ro, compiled_->diags);
  if (progress) progress->finish();
  print_diagnostics(compiled_->diags, &compiled_->sources, before, options_.out);
  if (result.status == rt::RunStatus::UserError) return;
  write_report_html(result);
  last_run_ = std::move(result);
  last_run_source_ = without_reports;
  if (last_run_->status == rt::RunStatus::Failed) error("the run failed: " + last_run_->failure);
  if (last_run_->status == rt::RunStatus::Interrupted) print("interrupted: what finished is kept");
  show_run_outcome(last);
}

void ReplSession::show_run_outcome(const StatementKey& last) {
  const nlohmann::json* report = report_for(last.name);
  if (!report) return;
  ReportOptions o;
  if (last.kind == "report") {
    print(render_console_report(*report, o));
  } else if (last.kind == "tune") {
    print(render_hypers_section(*report, o));
  } else if (last.kind == "train") {
    std::string line = fmt::format("trained {}", last.name);
    const auto& history = report->contains("history") ? (*report)["history"] : nlohmann::json::array();
    if (!history.empty()) line += fmt::format(" for {} epochs", rt::report::format_value(history.back().value("epoch", 0)));
    const auto& val = report->contains("metrics") && (*report)["metrics"].contains("val") ? (*report)["metrics"]["val"] : nlohmann::json::object();
    for (const auto& [k, v] : val.items())
      if (v.is_number()) line += fmt::format("  val.{} {}", k, rt::report::format_number(v.get<double>()));
    print(line + fmt::format("\n(`{0}.W…` shows a learned tensor, `:params {0}` all of them, `report {0} {{ … }}` the full report)",
                             last.name));
  }
}

const nlohmann::json* ReplSession::report_for(const std::string& model) const {
  if (!last_run_) return nullptr;
  for (const auto& r : last_run_->model_reports)
    if (r.value("model", "") == model) return &r;
  if (!last_run_->report.is_null()) return &last_run_->report;
  return nullptr;
}

const ir::ModelGraph* ReplSession::model(const std::string& name) const {
  return compiled_ && compiled_->ir ? compiled_->ir->find_model(name) : nullptr;
}

void ReplSession::cmd_reset() {
  chunks_.clear();
  compiled_.reset();
  last_run_.reset();
  last_run_source_.clear();
  anchor_ = "<repl>";
  print("session cleared");
}

}  // namespace xp::cli
