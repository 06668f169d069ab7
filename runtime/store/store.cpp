#include "runtime/store/store.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace xp::rt {

// Stores that cannot notify are polled: a short nap, whatever the caller's limit.
void StudyStore::wait_for_change(const std::string&, double max_seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(std::min(max_seconds, 0.01)));
}

}  // namespace xp::rt
