#pragma once
// A study store named by a URL (`exp run --storage URL`):
//   postgresql://user@host:port/db (or postgres://, or a libpq key=value string
//   starting with "host=" / "dbname=") → the shared PostgreSQL store;
//   sqlite:///absolute/path or sqlite://relative/path → an SQLite file.
// Throws StoreError for another scheme, or for PostgreSQL in a build without libpq.
#include <memory>
#include <string>

#include "runtime/store/store.h"

namespace xp::rt {

std::unique_ptr<StudyStore> open_store_url(const std::string& url);

}  // namespace xp::rt
