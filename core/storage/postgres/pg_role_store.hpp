#pragma once
// RoleStore over one PostgreSQL connection (see core/storage/role_store.hpp
// for the contract). Borrows `conn`, which must outlive it; one thread at a
// time.

#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/role_store.hpp"

namespace itemctl::core {

class PgRoleStore final : public RoleStore {
 public:
  explicit PgRoleStore(PgConnection& conn) : conn_(conn) {}

  Result<std::vector<Role>> List() override;
  Result<Role> LoadById(Id id) override;
  Result<Role> LoadByName(std::string_view name) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
