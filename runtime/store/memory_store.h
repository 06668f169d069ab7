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
  std::vector<std::string> study_names() override;
  void create_study(const StudyInfo& info) override;
  void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                    const std::string& space_json) override;
  void delete_study(const std::string& name) override;
  TrialChanges load_changes(const std::string& study, int64_t since) override;
  bool trial_started(const std::string& study, const TrialRecord& t) override;
  bool trial_reported(const std::string& study, int number, int step, double value, int attempt = 0) override;
  bool trial_finished(const std::string& study, const TrialRecord& t) override;
  std::optional<Claim> claim_trial(const std::string& study, int limit, double lease_seconds,
                                   const std::string& worker) override;
  bool renew_lease(const std::string& study, int number, int attempt, double lease_seconds) override;

 private:
  struct Study {
    StudyInfo info;
    std::map<int, TrialRecord> trials;
    std::map<int, double> lease_until;  // unix seconds, running trials held by a claim
    int64_t changes = 0;                // writes so far: the change counter
    std::map<int, int64_t> changed;     // number → the counter at its last change
    void touch(int number) { changed[number] = ++changes; }
  };
  Study& study(const std::string& name);  // throws StoreError if unknown
  std::mutex mu_;
  std::map<std::string, Study> studies_;
};

}  // namespace xp::rt
