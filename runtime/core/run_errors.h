#pragma once
// Diagnostics of `exp run`, `exp predict` and the training loop, built only
// here so the wording lives in one place.
//
// Codes (E09xx: running):
//   E0901 `--set` names no hyper                E0906 the output folder cannot be written
//   E0902 `--set` value cannot be read          E0907 a model file cannot be used
//   E0903 a training setting is out of range    E0908 `--resume` without a study to resume
//   E0904 early stopping monitors nothing       E0909 the run folder is in use by another run
//   E0905 a train/tune block names nothing runnable
//                                               E0910 the run folder already holds a run
//                                               E0911 the study store cannot be used
//                                               E0912 a `save` path is not allowed
//                                               E0913 an `exp predict` option the model cannot honour
//   W0901 a regression target too large for the optimizer's steps
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace xp::rt::run_diag {

Diagnostic unknown_override(const std::string& name, const std::vector<std::string>& hypers);
Diagnostic bad_override(const std::string& text, const std::string& why);
// E0902 for a value the hyper's declaration does not allow; the help shows the declaration.
Diagnostic override_outside(const std::string& text, const std::string& why, const ir::HyperDomain& h);
// E0913: `exp predict --proba` on a regression model.
Diagnostic proba_on_regression(const std::string& model_path);
Diagnostic bad_setting(const std::string& what, Span span, const std::string& help = "");
Diagnostic bad_monitor(const std::string& monitor, Span span, const std::string& help);
Diagnostic nothing_to_run(const std::string& what, Span span, const std::string& help = "");
Diagnostic unwritable(const std::string& path, const std::string& why);
Diagnostic bad_model_file(const std::string& path, const std::string& why);
// `help`: what to do instead (default: the run folder of the interrupted run).
Diagnostic no_study(const std::string& path, const std::string& help = "pass the run folder of the interrupted run with --out");
// W0901 an unscaled regression target of size `size` that steps of about
// `lr` (adam and kin move each weight by ~lr per step) reach only after
// `needed` steps, more than the `planned` this training makes.
Diagnostic tiny_steps(Span optimizer, const std::string& target, double size, const std::string& optimizer_name,
                      double lr, double needed, long long planned, const std::string& data);
Diagnostic folder_in_use(const std::string& dir, const std::string& holder);
Diagnostic folder_has_run(const std::string& dir);
Diagnostic bad_study_store(const std::string& path, const std::string& why,
                           const std::string& help = "move the file away to start a fresh study (its trials are then lost)");
Diagnostic bad_save_path(const std::string& path, const std::string& why);

}  // namespace xp::rt::run_diag
