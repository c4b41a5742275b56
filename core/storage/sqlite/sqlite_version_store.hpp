#pragma once
// VersionStore over one SQLite connection (see core/storage/version_store.hpp
// for the contract). Borrows `db`, which must outlive it; one thread at a time.

#include "core/storage/sqlite/database.hpp"
#include "core/storage/version_store.hpp"

namespace itemctl::core {

class SqliteVersionStore final : public VersionStore {
 public:
  explicit SqliteVersionStore(Database& db) : db_(db) {}

  Result<std::vector<ApiVersion>> List() override;
  Result<ApiVersion> Insert(std::string_view version, bool supported) override;
  Result<std::optional<ApiVersion>> SetSupported(std::string_view version,
                                                 bool supported) override;
  Result<std::optional<ApiVersion>> SetSunset(
      std::string_view version, const std::optional<VersionSunset>& sunset) override;
  Result<std::optional<ApiVersion>> Find(std::string_view version) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
