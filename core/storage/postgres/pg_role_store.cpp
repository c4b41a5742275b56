#include "core/storage/postgres/pg_role_store.hpp"

#include <string>

namespace itemctl::core {

namespace {

// Runs a one-parameter SELECT of (id, name); `missing()` builds the error
// when it yields no row.
template <typename Key, typename Missing>
Result<Role> LoadOne(PgConnection& conn, const char* sql, const Key& key, Missing missing) {
  Result<PgResult> r = conn.Execute(sql, PgParams().Add(key));
  if (!r) return r.error();
  if (r->rows() == 0) return missing();
  return Role{r->Int(0, 0), r->Text(0, 1)};
}

}  // namespace

Result<std::vector<Role>> PgRoleStore::List() {
  Result<PgResult> r = conn_.Execute("SELECT id, name FROM roles ORDER BY id");
  if (!r) return r.error();
  std::vector<Role> roles;
  for (int row = 0; row < r->rows(); ++row) roles.push_back(Role{r->Int(row, 0), r->Text(row, 1)});
  return roles;
}

Result<Role> PgRoleStore::LoadById(Id id) {
  return LoadOne(conn_, "SELECT id, name FROM roles WHERE id = $1", id, [id] {
    return MakeError(Errc::kNotFound, "role " + std::to_string(id) + " not found",
                     kRoleNotFoundDetail);
  });
}

Result<Role> PgRoleStore::LoadByName(std::string_view name) {
  return LoadOne(conn_, "SELECT id, name FROM roles WHERE name = $1", name, [name] {
    return MakeError(Errc::kNotFound, "role '" + std::string(name) + "' not found",
                     kRoleNotFoundDetail);
  });
}

}  // namespace itemctl::core
