#include "runtime/store/store.h"

#include <chrono>
#include <thread>

namespace xp::rt {

void StudyStore::wait_for_change(const std::string&, double max_seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(max_seconds));
}

}  // namespace xp::rt
