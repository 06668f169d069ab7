#include "runtime/store/open_store.h"

#include "runtime/store/sqlite_store.h"
#ifdef EXP_HAVE_LIBPQ
#include "runtime/store/pg_store.h"
#endif

namespace xp::rt {
namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::unique_ptr<StudyStore> open_store_url(const std::string& url) {
  if (starts_with(url, "sqlite://")) {
    const std::string path = url.substr(9);  // sqlite:///abs → /abs; sqlite://rel → rel
    if (path.empty()) throw StoreError("the storage URL '" + url + "' names no file");
    return std::make_unique<SqliteStore>(path);
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://") || starts_with(url, "host=") ||
      starts_with(url, "dbname=")) {
#ifdef EXP_HAVE_LIBPQ
    return std::make_unique<PgStore>(url);
#else
    throw StoreError("this exp was built without libpq, so it cannot use the PostgreSQL store '" + url +
                     "'; install libpq-dev (scripts/setup.sh) and rebuild");
#endif
  }
  throw StoreError("the storage URL '" + url + "' is neither postgresql://… nor sqlite:///path");
}

}  // namespace xp::rt
