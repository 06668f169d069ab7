#pragma once
// libpq, opened the first time a PostgreSQL store is used instead of linked
// into exp: linking it loads some 25 libraries (OpenSSL, Kerberos, LDAP,
// GnuTLS …) and runs their initialisers in every exp process — 6 of the 8 ms
// `exp --version` took here (bench/README.md, "Start-up") — though most runs
// never touch PostgreSQL. The types and constants still come from
// <libpq-fe.h>; only the calls go through this table.
#include <libpq-fe.h>

namespace xp::rt::libpq {

struct Functions {
  decltype(&PQconnectdb) connectdb;
  decltype(&PQstatus) status;
  decltype(&PQerrorMessage) errorMessage;
  decltype(&PQfinish) finish;
  decltype(&PQsocket) socket;
  decltype(&PQexec) exec;
  decltype(&PQexecParams) execParams;
  decltype(&PQresultStatus) resultStatus;
  decltype(&PQresultErrorMessage) resultErrorMessage;
  decltype(&PQntuples) ntuples;
  decltype(&PQgetvalue) getvalue;
  decltype(&PQgetisnull) getisnull;
  decltype(&PQcmdTuples) cmdTuples;
  decltype(&PQclear) clear;
  decltype(&PQconsumeInput) consumeInput;
  decltype(&PQnotifies) notifies;
  decltype(&PQfreemem) freemem;
};

// Opens libpq once per process (thread-safe). Throws StoreError, naming the
// Debian package, when it is not installed or lacks a function.
const Functions& functions();

}  // namespace xp::rt::libpq
