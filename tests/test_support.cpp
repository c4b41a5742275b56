#include "tests/test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "core/storage/open_backend.hpp"
#include "core/storage/sqlite/database.hpp"
#include "core/storage/sqlite/sqlite_store.hpp"

namespace itemctl::test {

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

std::unique_ptr<TestDatabase> MigratedDatabase() {
  return std::make_unique<SqliteTestDatabase>(true);
}

std::unique_ptr<TestDatabase> EmptyDatabase() { return std::make_unique<SqliteTestDatabase>(false); }

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
  auto backend = core::OpenBackend(
      {.url = dir.File("backend.db"), .mode = core::OpenMode::kCreateIfMissing});
  REQUIRE(backend);
  auto store = (*backend)->Acquire();
  REQUIRE(store);
  REQUIRE((*store)->schema().ApplyPending(kEpoch));
  return std::move(*backend);
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
