#pragma once
// Copies one study, whole, from one store to another: how a study moves
// between a PostgreSQL server and an SQLite file (`exp copy-study`,
// docs/distributed.md). Through the StudyStore interface only, so any pair
// of stores works. Trials keep their numbers, seeds, hypers, intermediate
// values, metrics and timings; claims do not travel (attempts start again
// at 0, leases are dropped), and a trial left running stays running — a
// resume runs it again.
#include <string>

#include "runtime/store/store.h"

namespace xp::rt {

struct CopiedStudy {
  int trials = 0;     // trials copied
  int running = 0;    // of which left running
};

// Throws StoreError when `from` holds no study `name` or `to` already holds
// one named `as` (nothing is written then).
CopiedStudy copy_study(StudyStore& from, StudyStore& to, const std::string& name, const std::string& as);

}  // namespace xp::rt
