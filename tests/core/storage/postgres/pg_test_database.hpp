#pragma once
// The PostgreSQL side of the test fixtures: the throw-away cluster that the
// ctest fixture `postgres` starts (tests/postgres.cmake), and one fresh
// database per test case on it, so cases run in parallel.

#include <memory>
#include <string>

#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::test {

// The test cluster's superuser URL (postgresql://postgres:PW@127.0.0.1:PORT/postgres),
// read from the file $ITEMCTL_TEST_PG_URL_FILE names (ctest sets it) or else
// the build tree's pg-cluster/url. Fails the test case when there is none.
std::string PgClusterUrl();

// The password of a postgresql://user:password@host/... URL.
std::string PasswordOf(const std::string& url);

// migrations/postgres in the source tree.
std::string PgMigrationsDir();

// A new empty database on the test cluster, dropped (with any sessions still
// on it) when the object dies.
class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  // A new connection to this database; fails the test case if it cannot.
  std::unique_ptr<core::PgConnection> Connect() const;

 private:
  std::string cluster_url_;
  std::string name_;
  std::string url_;
};

}  // namespace itemctl::test
