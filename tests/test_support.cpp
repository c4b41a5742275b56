#include "tests/test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "core/storage/open_backend.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_store.hpp"

#if ITEMCTL_TEST_POSTGRES
#include "core/storage/postgres/pg_url.hpp"
#include "tests/core/storage/postgres/pg_migrated_database.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"
#endif

namespace itemctl::test {

#if !ITEMCTL_TEST_POSTGRES
// Built without PostgreSQL: ScratchDatabase's pointer to one stays null.
class PgTestDatabase {};
#endif

namespace {

class SqliteTestDatabase final : public TestDatabase {
 public:
  explicit SqliteTestDatabase(bool migrated) : db_(Open()), store_(*db_) {
    if (migrated) REQUIRE(store_.schema().ApplyPending(kEpoch));
  }
  core::Store& store() override { return store_; }
  void Exec(const std::string& sql) override { REQUIRE(db_->Exec(sql)); }
  std::int64_t Int(const std::string& sql) override {
    auto q = db_->Prepare(sql);
    REQUIRE(q);
    auto row = q->Step();
    REQUIRE(row);
    REQUIRE(*row);
    return q->Int(0);
  }
  std::string Text(const std::string& sql) override {
    auto q = db_->Prepare(sql);
    REQUIRE(q);
    auto row = q->Step();
    REQUIRE(row);
    REQUIRE(*row);
    return q->Text(0);
  }

 private:
  static std::unique_ptr<core::Database> Open() {
    auto db = core::Database::Open(":memory:", core::OpenMode::kCreateIfMissing);
    REQUIRE(db);
    return std::move(*db);
  }

  std::unique_ptr<core::Database> db_;
  core::SqliteStore store_;
};

}  // namespace

core::Id TestDatabase::AddUser(const std::string& username, core::Id role_id,
                               const std::string& hash) {
  core::Result<core::Id> id = store().users().Insert(username, hash, role_id, kEpoch);
  REQUIRE(id);
  return *id;
}

core::Engine EngineUnderTest() {
  const char* name = std::getenv("ITEMCTL_TEST_ENGINE");
  if (name == nullptr || std::string_view(name) == "sqlite") return core::Engine::kSqlite;
  if (std::string_view(name) != "postgres") {
    FAIL("ITEMCTL_TEST_ENGINE: '" << name << "' is not an engine (sqlite or postgres)");
  }
#if !ITEMCTL_TEST_POSTGRES
  FAIL("ITEMCTL_TEST_ENGINE=postgres, but the tests were built without -DITEMCTL_POSTGRES=ON");
#endif
  return core::Engine::kPostgres;
}

namespace {

std::unique_ptr<TestDatabase> NewTestDatabase(bool migrated) {
#if ITEMCTL_TEST_POSTGRES
  if (EngineUnderTest() == core::Engine::kPostgres) {
    return std::make_unique<PgMigratedDatabase>(migrated);
  }
#endif
  return std::make_unique<SqliteTestDatabase>(migrated);
}

// A Backend that owns the scratch database it opened, so the database is
// dropped only after the Backend's connections are closed.
class ScratchBackend final : public core::Backend {
 public:
  ScratchBackend(std::unique_ptr<ScratchDatabase> db, std::unique_ptr<core::Backend> inner)
      : db_(std::move(db)), inner_(std::move(inner)) {}
  core::Engine engine() const override { return inner_->engine(); }
  const std::string& display_name() const override { return inner_->display_name(); }
  core::Result<core::StoreLease> Acquire(core::LeaseUse use) override {
    return inner_->Acquire(use);
  }
  core::ConnectionCounts connections() const override { return inner_->connections(); }

 private:
  std::unique_ptr<ScratchDatabase> db_;  // declared first: outlives inner_
  std::unique_ptr<core::Backend> inner_;
};

}  // namespace

std::unique_ptr<TestDatabase> MigratedDatabase() { return NewTestDatabase(true); }

std::unique_ptr<TestDatabase> EmptyDatabase() { return NewTestDatabase(false); }

void ExecOn(const std::string& url, const std::string& sql) {
#if ITEMCTL_TEST_POSTGRES
  if (core::EngineOf(url) == core::Engine::kPostgres) {
    auto conn = core::PgConnection::Open(url);
    if (!conn) FAIL(conn.error().message);
    auto done = (*conn)->ExecScript(sql);
    if (!done) FAIL(done.error().message);
    return;
  }
#endif
  auto db = core::Database::Open(url, core::OpenMode::kMustExist);
  if (!db) FAIL(db.error().message);
  auto done = (*db)->Exec(sql);
  if (!done) FAIL(done.error().message);
}

ScratchDatabase::ScratchDatabase(const TempDir& dir, const std::string& file) {
#if ITEMCTL_TEST_POSTGRES
  if (EngineUnderTest() == core::Engine::kPostgres) {
    pg_ = std::make_unique<PgTestDatabase>();
    url_ = pg_->url();
    display_name_ = core::RedactedUrl(url_);
    return;
  }
#endif
  url_ = dir.File(file);
  display_name_ = url_;
}

ScratchDatabase::~ScratchDatabase() = default;

ServicesOn::ServicesOn(const std::string& url, const core::Clock& clock,
                       const core::PasswordHasher* hasher, core::OpenMode mode) {
  auto backend = core::OpenBackend({.url = url, .mode = mode});
  REQUIRE(backend);
  hub_ = std::make_unique<core::ServiceHub>(std::move(*backend),
                                            core::ServiceDeps{.clock = clock, .hasher = hasher});
  auto lease = hub_->Acquire();
  REQUIRE(lease);
  lease_.emplace(std::move(*lease));
}

std::unique_ptr<core::Backend> MigratedBackend(const TempDir& dir) {
  auto db = std::make_unique<ScratchDatabase>(dir, "backend.db");
  auto backend = core::OpenBackend({.url = db->url(), .mode = core::OpenMode::kCreateIfMissing});
  if (!backend) FAIL(backend.error().message);
  {
    auto store = (*backend)->Acquire();
    REQUIRE(store);
    auto applied = (*store)->schema().ApplyPending(kEpoch);
    if (!applied) FAIL(applied.error().message);
  }
  return std::make_unique<ScratchBackend>(std::move(db), std::move(*backend));
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "itemctl-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace itemctl::test
