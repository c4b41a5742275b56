#pragma once
// Shared fixtures for the Catch2 tests: migrated databases, fixed clocks.

#include <cstdint>
#include <memory>
#include <string>

#include "core/domain/clock.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"
#include "core/storage/store.hpp"

namespace itemctl::test {

// A freshly migrated database of the engine under test, with a Store on it
// for services. Exec/Int/Text run test-only SQL for set-up and checks that
// no store offers; keep it portable across engines (true/false, not 1/0).
// Each call REQUIREs success.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual core::Store& store() = 0;
  virtual void Exec(const std::string& sql) = 0;
  // The first column of the first row.
  virtual std::int64_t Int(const std::string& sql) = 0;
  virtual std::string Text(const std::string& sql) = 0;

  // A user inserted through the store, with password hash `hash`.
  core::Id AddUser(const std::string& username, core::Id role_id = core::kRoleUser,
                   const std::string& hash = "x");
};

// The engine the suite runs on: $ITEMCTL_TEST_ENGINE, `sqlite` (the default)
// or `postgres`. ctest registers every case tagged [db] once per engine
// (the PostgreSQL ones prefixed "pg: "); [sqlite] marks a case about SQLite
// itself, run on SQLite alone.
core::Engine EngineUnderTest();

// A migrated database of the engine under test (SQLite: in memory; on
// PostgreSQL: a new database on the test cluster, dropped afterwards).
std::unique_ptr<TestDatabase> MigratedDatabase();
// The same, before any migration (first-run tests).
std::unique_ptr<TestDatabase> EmptyDatabase();

class TempDir;
class PgTestDatabase;

// Runs test-only SQL (set-up no store offers, such as corrupting a
// checksum) on the existing database at `url`, of either engine; REQUIREs
// success. Keep the SQL portable.
void ExecOn(const std::string& url, const std::string& sql);

// A test's own empty database for what opens one by URL (the server, the
// CLI, a ServiceHub): on SQLite the file `file` in `dir`, on PostgreSQL a new
// database on the test cluster, dropped when this object dies.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const TempDir& dir, const std::string& file = "itemctl.db");
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  // What --db takes.
  const std::string& url() const { return url_; }
  // How itemctl names it in messages: the URL with its password masked.
  const std::string& display_name() const { return display_name_; }

 private:
  std::unique_ptr<PgTestDatabase> pg_;
  std::string url_;
  std::string display_name_;
};

// Core's services on the database at `url`, opened as another process
// (the server, the CLI) would: for tests that play that process. `hasher`
// is needed for users(), sessions() and throttled_login().
class ServicesOn {
 public:
  ServicesOn(const std::string& url, const core::Clock& clock,
             const core::PasswordHasher* hasher = nullptr,
             core::OpenMode mode = core::OpenMode::kMustExist);
  const core::ServiceSet& operator*() const { return **lease_; }
  const core::ServiceSet* operator->() const { return &**lease_; }

 private:
  std::unique_ptr<core::ServiceHub> hub_;
  std::optional<core::ServiceLease> lease_;
};

// A migrated database of the engine under test that many Stores can share
// at once (SQLite: a file in `dir`; PostgreSQL: a ScratchDatabase the
// Backend owns), for what pools connections.
std::unique_ptr<core::Backend> MigratedBackend(const TempDir& dir);

// A scratch directory removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline constexpr core::UnixSeconds kEpoch = 1697402410;  // 2023-10-15T20:40:10Z

}  // namespace itemctl::test
