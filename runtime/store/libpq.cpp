#include "runtime/store/libpq.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "runtime/store/store.h"

namespace xp::rt::libpq {
namespace {

// libpq's ABI has been libpq.so.5 since PostgreSQL 8.2.
constexpr const char* kLibrary = "libpq.so.5";

template <typename F>
void bind(void* lib, F& slot, const char* name, std::string& missing) {
  void* f = dlsym(lib, name);
  if (!f && missing.empty()) missing = name;
  slot = reinterpret_cast<F>(f);
}

Functions open_libpq(std::string& error) {
  Functions f{};
  void* lib = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);  // kept open for the process's life
  if (!lib) {
    const char* why = dlerror();
    error = std::string("PostgreSQL stores need libpq (Debian package libpq5): ") + (why ? why : kLibrary);
    return f;
  }
  std::string missing;
  bind(lib, f.connectdb, "PQconnectdb", missing);
  bind(lib, f.status, "PQstatus", missing);
  bind(lib, f.errorMessage, "PQerrorMessage", missing);
  bind(lib, f.finish, "PQfinish", missing);
  bind(lib, f.socket, "PQsocket", missing);
  bind(lib, f.exec, "PQexec", missing);
  bind(lib, f.execParams, "PQexecParams", missing);
  bind(lib, f.resultStatus, "PQresultStatus", missing);
  bind(lib, f.resultErrorMessage, "PQresultErrorMessage", missing);
  bind(lib, f.ntuples, "PQntuples", missing);
  bind(lib, f.getvalue, "PQgetvalue", missing);
  bind(lib, f.getisnull, "PQgetisnull", missing);
  bind(lib, f.cmdTuples, "PQcmdTuples", missing);
  bind(lib, f.clear, "PQclear", missing);
  bind(lib, f.consumeInput, "PQconsumeInput", missing);
  bind(lib, f.notifies, "PQnotifies", missing);
  bind(lib, f.freemem, "PQfreemem", missing);
  if (!missing.empty()) error = std::string(kLibrary) + " has no function " + missing + ": install Debian's libpq5";
  return f;
}

}  // namespace

const Functions& functions() {
  static std::string error;
  static const Functions loaded = open_libpq(error);  // once, thread-safe
  if (!error.empty()) throw StoreError(error);
  return loaded;
}

}  // namespace xp::rt::libpq
