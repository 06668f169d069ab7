// The `exp` executable: every command lives in cli/app.cpp (run_app).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "cli/app.h"
#include "cli/exit_codes.h"

namespace {

// An allocation that fails inside a noexcept function — a destructor of
// nlohmann::json (which allocates a stack to free nested values) or ANTLR's
// rule-exit action — cannot be caught: the C++ runtime calls std::terminate.
// Out of memory is not a bug in exp, so this ends the process with the same
// message and exit code as a caught std::bad_alloc instead of an abort;
// nothing is unwound (outputs are atomic, the run folder's lock dies with the
// process, and the next run removes a temporary left behind). Any other
// exception reaching terminate is a bug and still aborts, after saying so.
[[noreturn]] void on_terminate() {
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      std::fputs("error: out of memory\n", stderr);
      std::_Exit(xp::cli::kExitRunFailed);
    } catch (const std::exception& x) {
      std::fputs("error: internal error: ", stderr);
      std::fputs(x.what(), stderr);
      std::fputs("; this is a bug in exp\n", stderr);
    } catch (...) {
    }
  }
  std::abort();
}

}  // namespace

// The last guards (docs/reliability.md, the allocation-failure sweep): an
// allocation that fails where nothing closer handles it ends the command with
// a message and exit code 1, never an abort. fputs on unbuffered stderr needs
// no memory.
int main(int argc, char** argv) {
  std::set_terminate(on_terminate);
  try {
    return xp::cli::run_app(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("error: out of memory\n", stderr);
  } catch (const std::exception& e) {
    std::fputs("error: internal error: ", stderr);
    std::fputs(e.what(), stderr);
    std::fputs("; this is a bug in exp\n", stderr);
  }
  return xp::cli::kExitRunFailed;
}
