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
// The URL as shown in messages and logs: any password replaced by ***.
std::string shown_store_url(const std::string& url);
// Whether `url` names a kind of store open_store_url knows (checked before a run starts).
bool known_store_url(const std::string& url);

}  // namespace xp::rt
