// Database::Open creates a new database file private to its owner, whatever
// the umask, and leaves the mode of an existing one alone.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdio>

#include "core/storage/sqlite/database.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

unsigned Mode(const std::string& path) {
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// Sets the process umask for one scope (the tests run on one thread).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(umask(mask)) {}
  ~ScopedUmask() { umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

}  // namespace

TEST_CASE("a database Open creates is mode 0600, and so are its -wal and -shm",
          "[core][storage]") {
  test::TempDir dir;
  std::string path = dir.File("new.db");
  for (mode_t mask : {022, 0, 0277}) {
    ScopedUmask scoped(mask);
    std::remove(path.c_str());
    INFO("umask " << mask);
    auto db = core::Database::Open(path, core::OpenMode::kCreateIfMissing);
    REQUIRE(db);
    REQUIRE((*db)->Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
    CHECK(Mode(path) == 0600);
    CHECK(Mode(path + "-wal") == 0600);
    CHECK(Mode(path + "-shm") == 0600);
  }
}

TEST_CASE("Open keeps the mode of an existing database file", "[core][storage]") {
  test::TempDir dir;
  std::string path = dir.File("old.db");
  { REQUIRE(core::Database::Open(path, core::OpenMode::kCreateIfMissing)); }
  REQUIRE(chmod(path.c_str(), 0640) == 0);
  auto db = core::Database::Open(path, core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  CHECK(Mode(path) == 0640);
}
