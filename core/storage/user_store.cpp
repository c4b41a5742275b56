#include "core/storage/user_store.hpp"

#include <string>

#include "core/storage/rows.hpp"

namespace itemctl::core {

namespace {

// Runs a one-parameter SELECT of kUserColumns; `missing()` builds the error
// when it yields no row (lazily: lookups usually succeed).
template <typename Key, typename Missing>
Result<User> LoadOne(Database& db, const std::string& sql, const Key& key, Missing missing) {
  Result<Query> q = db.Prepare(sql);
  if (!q) return q.error();
  q->Bind(key);
  Result<bool> row = q->Step();
  if (!row) return row.error();
  if (!*row) return missing();
  return ReadUser(*q);
}

}  // namespace

Result<User> LoadUserById(Database& db, Id id) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE users.id = ?";
  return LoadOne(db, sql, id, [id] {
    return MakeError(Errc::kNotFound, "user " + std::to_string(id) + " not found",
                     kUserNotFoundDetail);
  });
}

Result<User> LoadUserByUsername(Database& db, std::string_view username) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE users.username = ?";
  return LoadOne(db, sql, username, [username] {
    return MakeError(Errc::kNotFound, "user '" + std::string(username) + "' not found",
                     kUserNotFoundDetail);
  });
}

Result<std::int64_t> CountOtherActiveAdmins(Database& db, Id except) {
  Result<Query> q = db.Prepare(
      "SELECT count(*) FROM users WHERE role_id = ? AND activated = 1 AND id != ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(kRoleAdmin).Bind(except).Step();
  if (!row) return row.error();
  return q->Int(0);
}

}  // namespace itemctl::core
