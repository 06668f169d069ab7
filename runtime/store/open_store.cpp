#include "runtime/store/open_store.h"

#include "runtime/store/sqlite_store.h"
#ifdef EXP_HAVE_LIBPQ
#include "runtime/store/pg_store.h"
#endif

namespace xp::rt {
namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool postgres_url(const std::string& url) {
  return starts_with(url, "postgresql://") || starts_with(url, "postgres://") || starts_with(url, "host=") ||
         starts_with(url, "dbname=");
}

}  // namespace

std::string shown_store_url(const std::string& conninfo) {
  std::string out = conninfo;
  const auto scheme = out.find("://");
  const auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon, at - colon, ":***");
  }
  const auto pw = out.find("password=");
  if (pw != std::string::npos) {
    const auto end = out.find(' ', pw);
    out.replace(pw, (end == std::string::npos ? out.size() : end) - pw, "password=***");
  }
  return out;
}

bool known_store_url(const std::string& url) { return starts_with(url, "sqlite://") || postgres_url(url); }

std::unique_ptr<StudyStore> open_store_url(const std::string& url) {
  if (starts_with(url, "sqlite://")) {
    const std::string path = url.substr(9);  // sqlite:///abs → /abs; sqlite://rel → rel
    if (path.empty()) throw StoreError("the storage URL '" + url + "' names no file");
    return std::make_unique<SqliteStore>(path);
  }
  if (postgres_url(url)) {
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
