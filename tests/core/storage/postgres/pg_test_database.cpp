#include "tests/core/storage/postgres/pg_test_database.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

namespace itemctl::test {
namespace {

std::unique_ptr<core::PgConnection> Open(const std::string& url) {
  auto conn = core::PgConnection::Open(url);
  if (!conn) FAIL(conn.error().message);
  return std::move(*conn);
}

}  // namespace

std::string PgClusterUrl() {
  const char* from_env = std::getenv("ITEMCTL_TEST_PG_URL_FILE");
  std::string path = from_env != nullptr ? from_env : ITEMCTL_PG_URL_FILE;
  std::ifstream file(path);
  std::string url;
  if (!std::getline(file, url) || url.empty()) {
    FAIL("no PostgreSQL test cluster: " + path +
         " is missing (ctest starts one for the [postgres] cases; by hand: "
         "scripts/pg-cluster.sh start " + path.substr(0, path.rfind('/')) + ")");
  }
  return url;
}

std::string PasswordOf(const std::string& url) {
  std::size_t colon = url.find(':', url.find("//") + 2);
  return url.substr(colon + 1, url.find('@') - colon - 1);
}

std::string PgMigrationsDir() { return ITEMCTL_PG_MIGRATIONS_DIR; }

PgTestDatabase::PgTestDatabase() {
  // Unique among the test processes sharing the cluster right now.
  static std::atomic<int> counter{0};
  name_ = "itemctl_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  cluster_url_ = PgClusterUrl();
  auto admin = Open(cluster_url_);
  // FILE_COPY: with fsync off, copying the template's files took 1.2 s on
  // the loaded CI machine, PostgreSQL 15's default (through the WAL) 5 s.
  auto created = admin->ExecScript("CREATE DATABASE " + name_ + " STRATEGY FILE_COPY");
  if (!created) FAIL(created.error().message);
  url_ = cluster_url_.substr(0, cluster_url_.rfind('/') + 1) + name_;
}

PgTestDatabase::~PgTestDatabase() {
  auto admin = core::PgConnection::Open(cluster_url_);
  if (admin) (void)(*admin)->ExecScript("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

std::unique_ptr<core::PgConnection> PgTestDatabase::Connect() const { return Open(url_); }

}  // namespace itemctl::test
