#pragma once
// Named crash points for the crash-and-resume tests (docs/reliability.md):
// with EXP_CRASH_AT=<name> (or <name>:<n>, the n-th time it is reached) the
// process kills itself with SIGKILL right there — no destructors, no
// flushing, as a power cut or kill -9 would. Unset, a crash point costs one
// relaxed atomic load. With EXP_CRASH_SIGNAL=STOP it stops itself (SIGSTOP)
// instead, as a worker frozen past its lease would (tests/pg); SIGCONT resumes it.
//
// Points: trial-started (a trial is in the store as running), trial-committed
// (a trial's result is in study.db), before-rename
// (an output's temp file is written and synced, not yet in place),
// before-report (every model file is written, report.json is not).
namespace xp::rt {

void crash_point(const char* name);

}  // namespace xp::rt
