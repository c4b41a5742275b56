#include "core/storage/sqlite/sqlite_user_store.hpp"

#include <string>

#include "core/storage/like_pattern.hpp"
#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
constexpr const char* kWhereFilter =
    "WHERE (?1 IS NULL OR users.username LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR users.activated = ?2)";

std::optional<std::int64_t> AsInt(std::optional<bool> flag) {
  if (!flag) return std::nullopt;
  return *flag ? 1 : 0;
}

Query& BindFilter(Query& q, const UserFilter& filter) {
  return q.Bind(ContainsPattern(filter.username)).Bind(AsInt(filter.activated));
}

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

Result<User> SqliteUserStore::LoadById(Id id) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE users.id = ?";
  return LoadOne(db_, sql, id, [id] {
    return MakeError(Errc::kNotFound, "user " + std::to_string(id) + " not found",
                     kUserNotFoundDetail);
  });
}

Result<User> SqliteUserStore::LoadByUsername(std::string_view username) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE users.username = ?";
  return LoadOne(db_, sql, username, [username] {
    return MakeError(Errc::kNotFound, "user '" + std::string(username) + "' not found",
                     kUserNotFoundDetail);
  });
}

Result<std::int64_t> SqliteUserStore::CountOtherActiveAdmins(Id except) {
  Result<Query> q = db_.Prepare(
      "SELECT count(*) FROM users WHERE role_id = ? AND activated = 1 AND id != ?");
  if (!q) return q.error();
  Result<bool> row = q->Bind(kRoleAdmin).Bind(except).Step();
  if (!row) return row.error();
  return q->Int(0);
}

Result<bool> SqliteUserStore::AnyExists() {
  Result<Query> q = db_.Prepare("SELECT EXISTS (SELECT 1 FROM users)");
  if (!q) return q.error();
  Result<bool> row = q->Step();
  if (!row) return row.error();
  return *row && q->Bool(0);
}

Result<Id> SqliteUserStore::Insert(std::string_view username, std::string_view password_hash,
                                   Id role_id, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "INSERT INTO users (username, password_hash, activated, role_id, created_at)"
      " VALUES (?, ?, 1, ?, ?)");
  if (!q) return q.error();
  if (Status s = q->Bind(username).Bind(password_hash).Bind(role_id).Bind(now).Run(); !s) {
    return s.error();
  }
  return db_.LastInsertId();
}

Status SqliteUserStore::Update(Id id, const UserPatch& patch,
                               const std::optional<std::string>& password_hash, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "UPDATE users SET username = coalesce(?, username),"
      " password_hash = coalesce(?, password_hash), role_id = coalesce(?, role_id),"
      " activated = coalesce(?, activated), updated_at = ? WHERE id = ?");
  if (!q) return q.error();
  q->Bind(patch.username).Bind(password_hash).Bind(patch.role_id).Bind(AsInt(patch.activated));
  return q->Bind(now).Bind(id).Run();
}

Status SqliteUserStore::SetActivated(Id id, bool activated, UnixSeconds now) {
  Result<Query> q = db_.Prepare(
      "UPDATE users SET activated = ?1, updated_at = ?2 WHERE id = ?3 AND activated != ?1");
  if (!q) return q.error();
  return q->Bind(activated).Bind(now).Bind(id).Run();
}

Result<std::int64_t> SqliteUserStore::Count(const UserFilter& filter) {
  static const std::string sql = std::string("SELECT count(*) FROM users ") + kWhereFilter;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = BindFilter(*q, filter).Step();
  if (!row) return row.error();
  return q->Int(0);
}

Result<std::vector<User>> SqliteUserStore::List(const UserFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users " +
                                 kWhereFilter + " ORDER BY users.id LIMIT ?3 OFFSET ?4";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  BindFilter(*q, filter).Bind(limit).Bind(offset);
  std::vector<User> users;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return users;
    users.push_back(ReadUser(*q));
  }
}

Result<std::unordered_map<Id, std::string>> SqliteUserStore::UsernamesOf(
    const std::vector<Id>& ids) {
  // The ids travel as one JSON array parameter that json_each unpacks, so
  // the statement is the same (and prepared once) for any number of ids.
  std::string array = "[";
  for (Id id : ids) array += (array.size() > 1 ? "," : "") + std::to_string(id);
  array += "]";
  Result<Query> q = db_.Prepare(
      "SELECT id, username FROM users WHERE id IN (SELECT value FROM json_each(?))");
  if (!q) return q.error();
  q->Bind(array);
  std::unordered_map<Id, std::string> names;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return names;
    names.emplace(q->Int(0), q->Text(1));
  }
}

Result<std::optional<UserCredentials>> SqliteUserStore::FindCredentials(
    std::string_view username) {
  static const std::string sql = std::string("SELECT ") + kUserColumns +
                                 ", users.password_hash FROM users WHERE users.username = ?";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  q->Bind(username);
  Result<bool> row = q->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<UserCredentials>();
  return std::optional<UserCredentials>(
      UserCredentials{ReadUser(*q), q->Text(kUserColumnCount)});
}

Status SqliteUserStore::ReplacePasswordHash(Id user_id, std::string_view expected_hash,
                                            std::string_view new_hash) {
  Result<Query> q =
      db_.Prepare("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?");
  if (!q) return q.error();
  return q->Bind(new_hash).Bind(user_id).Bind(expected_hash).Run();
}

}  // namespace itemctl::core
