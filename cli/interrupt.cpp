#include "cli/interrupt.h"

#include <csignal>

#include <unistd.h>

namespace xp::cli {
namespace {

std::atomic<bool> g_stop{false};
struct sigaction g_previous {};

void on_sigint(int) {
  if (g_stop.load()) {
    // Second Ctrl-C: the user wants out now. Only async-signal-safe calls here.
    const char msg[] = "\ninterrupted again: exiting now\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(130);
  }
  g_stop.store(true);
  // Said for a study (running trials wrap up) and a single training (the
  // finished epochs are kept) alike.
  const char msg[] = "\nstopping: what finished is evaluated and saved (Ctrl-C again to quit now)\n";
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_stop.store(false);
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &g_previous);
}

InterruptGuard::~InterruptGuard() { sigaction(SIGINT, &g_previous, nullptr); }

const std::atomic<bool>* InterruptGuard::flag() const { return &g_stop; }
bool InterruptGuard::interrupted() const { return g_stop.load(); }
void InterruptGuard::reset() { g_stop.store(false); }

}  // namespace xp::cli
