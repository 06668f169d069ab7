#pragma once
// A study store in memory: for tests and `--no-store`. Thread-safe; forgets
// everything when destroyed.
#include <map>
#include <mutex>

#include "runtime/store/store.h"

namespace xp::rt {

class MemoryStore final : public StudyStore {
 public:
  std::string where() const override { return "memory"; }
  std::optional<StudyInfo> find_study(const std::string& name) override;
  void create_study(const StudyInfo& info) override;
  void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                    const std::string& space_json) override;
  void delete_study(const std::string& name) override;
  std::vector<TrialRecord> load_trials(const std::string& study) override;
  void trial_started(const std::string& study, const TrialRecord& t) override;
  void trial_reported(const std::string& study, int number, int step, double value) override;
  void trial_finished(const std::string& study, const TrialRecord& t) override;

 private:
  struct Study {
    StudyInfo info;
    std::map<int, TrialRecord> trials;
  };
  Study& study(const std::string& name);  // throws StoreError if unknown
  std::mutex mu_;
  std::map<std::string, Study> studies_;
};

}  // namespace xp::rt
