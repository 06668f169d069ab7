#include "cli/repl/session.h"
#include "base/plural.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <cstdlib>
#include <unistd.h>

#include "cli/console_report.h"
#include "cli/diagnostic_output.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/version.h"
#include "compiler/parse_program.h"
#include "runtime/report/format.h"

namespace xp::cli {
namespace fs = std::filesystem;

ReplSession::ReplSession(Options options) : options_(std::move(options)), anchor_("<repl>") {
  if (options_.work_dir.empty()) {
    // A fresh folder of its own (mkdtemp): named by the pid alone, a folder
    // a killed session left behind was found again by a later process with
    // the same pid ("already holds a run"), and two sessions in one process
    // shared one.
    std::string pattern = (fs::temp_directory_path() / "exp-repl-XXXXXX").string();
    if (mkdtemp(pattern.data())) {
      options_.work_dir = pattern;
    } else {
      options_.work_dir = (fs::temp_directory_path() / fmt::format("exp-repl-{}", getpid())).string();
    }
    own_work_dir_ = true;
  }
}

ReplSession::~ReplSession() {
  std::error_code ec;
  if (own_work_dir_) fs::remove_all(options_.work_dir, ec);  // the session's runs were scratch work
}

bool ReplSession::incomplete(const std::string& text) { return is_incomplete_input(text) || awaits_block(text); }

void ReplSession::print(const std::string& text) const {
  std::fputs(text.c_str(), options_.out);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', options_.out);
  std::fflush(options_.out);
}

void ReplSession::error(const std::string& message, const std::string& help) const {
  print("error: " + message + (help.empty() ? "" : "\n  help: " + help));
}

bool ReplSession::submit(const std::string& input) {
  if (is_blank_or_comment(input)) return true;  // a comment typed alone is not an (empty) expression
  size_t first = input.find_first_not_of(" \t\r\n");
  input_ = SourceOrigin{input_name(++inputs_), std::make_shared<const std::string>(input), static_cast<uint32_t>(first), 0};
  std::string text = input.substr(first);
  if (text[0] == ':') {
    std::string word = text.substr(0, text.find_first_of(" \t\n"));
    if (word == ":quit" || word == ":q" || word == ":exit") return false;
    command(text);
    return true;
  }
  if (classify(text).is_statement()) statements({Chunk{{}, text, input_}}, true);
  else expression(text);
  return true;
}

SourceOrigin ReplSession::origin_of(const std::string& part, uint32_t prefix) const {
  SourceOrigin o = input_;
  // `part` ends the input (commands and expressions are trimmed), so its last occurrence is it.
  if (o.text)
    if (size_t at = o.text->rfind(part); at != std::string::npos) o.offset = static_cast<uint32_t>(at);
  o.prefix = prefix;
  return o;
}

std::string unreadable_script(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return "no such file";
  if (fs::is_directory(path, ec)) return "it is a directory";
  return "";
}

void ReplSession::load(const std::string& path) {
  // A folder opens as a stream that reads nothing: "loaded (0 statements)".
  std::string why = unreadable_script(path);
  std::ifstream in(path, std::ios::binary);
  if (why.empty() && !in) why = "it cannot be opened";
  if (!why.empty()) {
    error(fmt::format("cannot read `{}`: {}", path, why));
    return;
  }
  std::stringstream s;
  s << in.rdbuf();
  // The loaded script's folder anchors relative paths (csv("data.csv")) as `exp run` would.
  if (chunks_.empty()) anchor_ = (fs::path(path).parent_path() / "<repl>").string();
  auto script = std::make_shared<const std::string>(s.str());
  std::vector<Chunk> chunks;
  for (const auto& st : split_statements(*script))
    chunks.push_back({{}, st.text, SourceOrigin{path, script, st.offset, 0}});
  size_t count = chunks.size();
  if (statements(std::move(chunks), false, true)) print(fmt::format("loaded {} ({} statements)", path, count));
}

CompileResult ReplSession::check(const std::vector<Chunk>& chunks, const CompileOptions& options) const {
  std::vector<std::string> texts;
  for (const auto& c : chunks) texts.push_back(c.text);
  CompileResult result = compile_source(anchor_, join_statements(texts).text, options);
  // Only errors: while a script is half-typed, "unused hyper" warnings are noise.
  if (!result.ok()) show_diagnostics(result, 0, chunks, true);
  return result;
}

void ReplSession::show_diagnostics(const CompileResult& result, size_t from, const std::vector<Chunk>& chunks,
                                   bool errors_only) const {
  std::vector<std::string> texts;
  std::vector<SourceOrigin> origins;
  for (const auto& c : chunks) {
    texts.push_back(c.text);
    origins.push_back(c.origin);
  }
  PlacedDiagnostics placed =
      place_diagnostics(result.diags, from, result.sources, result.main_file, join_statements(texts), origins);
  if (!errors_only) {
    print_diagnostics(placed.diags, &placed.sources, 0, options_.out);
    return;
  }
  Diagnostics errors;
  for (const auto& d : placed.diags.all())
    if (d.severity == Severity::Error) errors.report(d);
  print_diagnostics(errors, &placed.sources, 0, options_.out);
}

bool ReplSession::recompile(const std::vector<Chunk>& chunks) {
  CompileResult result = check(chunks);
  if (!result.ok()) return false;
  compiled_.emplace(std::move(result));
  return true;
}

namespace {

// The session's statements that `incoming` does not redefine, then `incoming`
// in its own order: a loaded file's hypers (and so its search space, and the
// trials a seed gives) come in the order `exp run FILE` sees them.
template <class Chunk>
std::vector<Chunk> in_file_order(const std::vector<Chunk>& session, const std::vector<Chunk>& incoming) {
  std::vector<Chunk> out;
  for (const auto& old : session) {
    bool redefined = false;
    for (const auto& c : incoming)
      redefined = redefined || (!c.key.name.empty() && c.key.kind == old.key.kind && c.key.name == old.key.name);
    if (!redefined) out.push_back(old);
  }
  out.insert(out.end(), incoming.begin(), incoming.end());
  return out;
}

}  // namespace

bool ReplSession::statements(std::vector<Chunk> chunks, bool announce, bool file_order) {
  std::vector<Chunk> next = chunks_;
  std::vector<std::string> notes;
  StatementKey last;
  bool runs = false;
  fresh_prints_ = 0;
  for (auto& chunk : chunks) {
    chunk.key = classify(chunk.text);
    fresh_prints_ += chunk.key.kind == "print";
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
  if (file_order && next.size() != chunks_.size() + chunks.size()) {  // the file redefines earlier statements
    std::vector<Chunk> ordered = in_file_order(chunks_, chunks);
    std::vector<std::string> texts;
    for (const auto& c : ordered) texts.push_back(c.text);
    if (compile_source(anchor_, join_statements(texts).text).ok()) next = std::move(ordered);
    else
      notes.push_back("note: earlier statements use names this file redefines, so they keep their places; the order of "
                      "hypers, and so the trials a seed gives, may differ from `exp run` on the file");
  }
  if (!recompile(next)) return false;  // the session keeps its previous, valid state
  chunks_ = std::move(next);
  for (const auto& n : notes) print(n);
  if (runs) run(last);
  return true;
}

void ReplSession::run(const StatementKey& last) {
  // A new `report` on an unchanged program reads the last run instead of training again.
  std::string without_reports;
  for (const auto& c : chunks_)
    if (c.key.kind != "report") without_reports += c.text + "\n";
  if (last.kind == "report" && last_run_ && last_run_source_ == without_reports && last_run_serves_reports()) {
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
  // The program holds every print entered so far, each printing one line;
  // only this input's are news (the others were shown when entered).
  const size_t prints = compiled_->ir->prints.size();
  const size_t earlier = prints - std::min(fresh_prints_, prints);
  ro.print = [this, &progress, earlier, seen = size_t{0}](const std::string& line) mutable {
    if (seen++ < earlier) return;
    if (progress) progress->finish();
    print(line);
  };
  size_t before = compiled_->diags.all().size();
  rt::RunResult result = rt::run_program(*compiled_->ir, ro, compiled_->diags);
  if (progress) progress->finish();
  show_diagnostics(*compiled_, before, chunks_, false);
  if (result.status == rt::RunStatus::UserError) return;
  last_run_ = std::move(result);
  last_run_source_ = without_reports;
  if (last_run_->status == rt::RunStatus::Failed) error("the run failed: " + last_run_->failure);
  if (last_run_->status == rt::RunStatus::Interrupted) print("interrupted: what finished is kept");
  show_run_outcome(last);
}

bool ReplSession::last_run_serves_reports() const {
  for (const auto& spec : compiled_->ir->reports) {
    if (!spec.save_path.empty() &&
        std::find(last_run_->saved_to.begin(), last_run_->saved_to.end(), spec.save_path) == last_run_->saved_to.end())
      return false;  // a new `save` folder: only a run writes it
    const nlohmann::json* report = report_for(spec.model);
    if (!report || !report->contains("metrics") || !(*report)["metrics"].contains("test")) continue;
    const nlohmann::json& test = (*report)["metrics"]["test"];
    for (const auto& m : spec.test_metrics)
      if (m != "confusion" && !test.contains(m)) return false;  // computed only by a run that asks for it
  }
  return true;
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
    if (!history.empty()) line += " for " + diag::count_of(history.back().value("epoch", 0), "epoch", "epochs");
    const auto& val = report->contains("metrics") && (*report)["metrics"].contains("val") ? (*report)["metrics"]["val"] : nlohmann::json::object();
    for (const auto& [k, v] : val.items())
      if (v.is_number()) line += fmt::format("  val.{} {}", k, rt::report::format_measure(v.get<double>()));
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
