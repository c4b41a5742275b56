#pragma once
// RoleStore over one SQLite connection (see core/storage/role_store.hpp for
// the contract). Borrows `db`, which must outlive it; one thread at a time.

#include "core/storage/role_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteRoleStore final : public RoleStore {
 public:
  explicit SqliteRoleStore(Database& db) : db_(db) {}

  Result<std::vector<Role>> List() override;
  Result<Role> LoadById(Id id) override;
  Result<Role> LoadByName(std::string_view name) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
