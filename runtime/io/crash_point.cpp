#include "runtime/io/crash_point.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <string>

namespace xp::rt {
namespace {

struct Target {
  std::string name;
  long nth = 1;
  long hits = 0;
  std::mutex mu;
};

Target* target() {
  static Target* t = [] {
    const char* env = std::getenv("EXP_CRASH_AT");
    if (!env || !*env) return static_cast<Target*>(nullptr);
    auto* t = new Target;  // lives as long as the process; never destroyed on purpose
    std::string s = env;
    if (auto colon = s.rfind(':'); colon != std::string::npos) {
      t->nth = std::max(1L, std::strtol(s.c_str() + colon + 1, nullptr, 10));
      s.resize(colon);
    }
    t->name = s;
    return t;
  }();
  return t;
}

}  // namespace

void crash_point(const char* name) {
  Target* t = target();
  if (!t || t->name != name) return;
  std::lock_guard lock(t->mu);
  if (++t->hits != t->nth) return;
  const char* how = std::getenv("EXP_CRASH_SIGNAL");
  std::raise(how && std::string(how) == "STOP" ? SIGSTOP : SIGKILL);
}

}  // namespace xp::rt
