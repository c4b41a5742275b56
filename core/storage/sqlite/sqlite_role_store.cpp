#include "core/storage/sqlite/sqlite_role_store.hpp"

#include <string>

namespace itemctl::core {

namespace {

// Runs a one-parameter SELECT of (id, name); `missing()` builds the error
// when it yields no row.
template <typename Key, typename Missing>
Result<Role> LoadOne(Database& db, const char* sql, const Key& key, Missing missing) {
  Result<Query> q = db.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = q->Bind(key).Step();
  if (!row) return row.error();
  if (!*row) return missing();
  return Role{q->Int(0), q->Text(1)};
}

}  // namespace

Result<std::vector<Role>> SqliteRoleStore::List() {
  Result<Query> q = db_.Prepare("SELECT id, name FROM roles ORDER BY id");
  if (!q) return q.error();
  std::vector<Role> roles;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return roles;
    roles.push_back(Role{q->Int(0), q->Text(1)});
  }
}

Result<Role> SqliteRoleStore::LoadById(Id id) {
  return LoadOne(db_, "SELECT id, name FROM roles WHERE id = ?", id, [id] {
    return MakeError(Errc::kNotFound, "role " + std::to_string(id) + " not found",
                     kRoleNotFoundDetail);
  });
}

Result<Role> SqliteRoleStore::LoadByName(std::string_view name) {
  return LoadOne(db_, "SELECT id, name FROM roles WHERE name = ?", name, [name] {
    return MakeError(Errc::kNotFound, "role '" + std::string(name) + "' not found",
                     kRoleNotFoundDetail);
  });
}

}  // namespace itemctl::core
