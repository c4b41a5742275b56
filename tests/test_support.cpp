#include "tests/test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "core/storage/migrator.hpp"

namespace itemctl::test {

std::unique_ptr<core::Database> MigratedDatabase() {
  auto db = core::Database::Open(":memory:", core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  core::Migrator migrator(**db);
  auto applied = migrator.ApplyPending(kEpoch);
  REQUIRE(applied);
  return std::move(*db);
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
