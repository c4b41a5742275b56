#pragma once
// Shared fixtures for the Catch2 tests: migrated databases, fixed clocks.

#include <memory>
#include <string>

#include "core/domain/clock.hpp"
#include "core/storage/database.hpp"

namespace itemctl::test {

// A fresh in-memory database with every built-in migration applied.
std::unique_ptr<core::Database> MigratedDatabase();

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
