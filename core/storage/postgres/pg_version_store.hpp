#pragma once
// VersionStore over one PostgreSQL connection (see
// core/storage/version_store.hpp for the contract). Borrows `conn`, which
// must outlive it; one thread at a time.

#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/version_store.hpp"

namespace itemctl::core {

class PgVersionStore final : public VersionStore {
 public:
  explicit PgVersionStore(PgConnection& conn) : conn_(conn) {}

  Result<std::vector<ApiVersion>> List() override;
  Result<ApiVersion> Insert(std::string_view version, bool supported) override;
  Result<std::optional<ApiVersion>> SetSupported(std::string_view version,
                                                 bool supported) override;
  Result<std::optional<ApiVersion>> SetSunset(
      std::string_view version, const std::optional<VersionSunset>& sunset) override;
  Result<std::optional<ApiVersion>> Find(std::string_view version) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
