#include "runtime/core/run_errors.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/suggest.h"

namespace xp::rt::run_diag {
namespace {

Diagnostic make(std::string code, std::string message, std::string help = "") {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.help = std::move(help);
  return d;
}

}  // namespace

Diagnostic unknown_override(const std::string& name, const std::vector<std::string>& hypers) {
  std::string help;
  if (auto near = closest(name, hypers)) help = fmt::format("did you mean `{}`?", *near);
  else
    help = hypers.empty() ? "this script declares no hypers"
                          : fmt::format("the script's hypers are: {}", known_list(hypers));
  return make("E0901", fmt::format("`--set {}`: the script declares no hyper named `{}`", name, name), help);
}

Diagnostic bad_override(const std::string& text, const std::string& why) {
  return make("E0902", fmt::format("`--set {}`: {}", text, why),
              "write --set name=value, e.g. --set lr=0.01, --set act=relu or --set label=\"text\"");
}

Diagnostic override_outside(const std::string& text, const std::string& why, const ir::HyperDomain& h) {
  std::string declared = fmt::format("the script declares `hyper {} {}`", h.name, ir::to_string(h));
  return make("E0902", fmt::format("`--set {}`: {}", text, why), declared);
}

Diagnostic proba_on_regression(const std::string& model_path) {
  Diagnostic d = make("E0913", "`--proba` asks for class probabilities, but this model predicts numbers (regression)",
                      "leave out `--proba`: a regression model's predictions are its values");
  d.at = FileLocation{model_path, 0, 0};
  return d;
}

Diagnostic bad_setting(const std::string& what, Span span, const std::string& help) {
  Diagnostic d = make("E0903", what, help);
  d.span = span;
  return d;
}

Diagnostic bad_monitor(const std::string& monitor, Span span, const std::string& help) {
  Diagnostic d = make("E0904", fmt::format("early stopping monitors `{}`, which this run does not compute", monitor), help);
  d.span = span;
  return d;
}

Diagnostic nothing_to_run(const std::string& what, Span span, const std::string& help) {
  Diagnostic d = make("E0905", what, help);
  d.span = span;
  return d;
}

Diagnostic unwritable(const std::string& path, const std::string& why) {
  Diagnostic d = make("E0906", fmt::format("cannot write `{}`: {}", path, why), "choose another folder with --out");
  return d;
}

Diagnostic bad_model_file(const std::string& path, const std::string& why) {
  // The reader's messages may start with the path, which the location already shows.
  std::string message = why.rfind(path + ": ", 0) == 0 ? why.substr(path.size() + 2) : why;
  Diagnostic d = make("E0907", message, "model files are written by `exp run` (model.expm in the run folder)");
  d.at = FileLocation{path, 0, 0};
  return d;
}

Diagnostic no_study(const std::string& path, const std::string& help) {
  return make("E0908", fmt::format("`--resume`: there is no study to resume at `{}`", path), help);
}

Diagnostic tiny_steps(Span optimizer, const std::string& target, double size, const std::string& optimizer_name,
                      double lr, double needed, long long planned, const std::string& data) {
  Diagnostic d = make("W0901",
                      fmt::format("the target `{}` is about {:.3g} in size, but {} moves each weight by about {:g} per "
                                  "step: reaching it takes ~{:.2g} steps and this training makes {}",
                                  target, size, optimizer_name, lr, needed, planned),
                      fmt::format("add `standardize {}` (the target is then scaled for training and reported in its "
                                  "own units), or raise the learning rate",
                                  data));
  d.severity = Severity::Warning;
  d.span = optimizer;
  return d;
}

Diagnostic folder_in_use(const std::string& dir, const std::string& holder) {
  return make("E0909", fmt::format("the run folder `{}` is in use by {}", dir, holder),
              "wait for that run to finish, or choose another folder with --out");
}

Diagnostic folder_has_run(const std::string& dir) {
  return make("E0910", fmt::format("`{}` already holds a run", dir),
              "continue its study with --resume, replace it with --force, or choose another folder with --out");
}

Diagnostic bad_study_store(const std::string& path, const std::string& why, const std::string& help) {
  Diagnostic d = make("E0911", why, help);
  d.at = FileLocation{path, 0, 0};
  return d;
}

Diagnostic bad_save_path(const std::string& path, const std::string& why) {
  return make("E0912", fmt::format("`save \"{}\"`: {}", path, why),
              "save to a folder beside the script (a relative path), or name an absolute folder of your own");
}

}  // namespace xp::rt::run_diag
