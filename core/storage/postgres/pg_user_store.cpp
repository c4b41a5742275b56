#include "core/storage/postgres/pg_user_store.hpp"

#include <string>

#include "core/storage/like_pattern.hpp"
#include "core/storage/postgres/pg_rows.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are. The
// casts give the NULL-able parameters a type.
const std::string& WhereFilter() {
  static const std::string sql = "WHERE ($1::text IS NULL OR " + AsciiLower("users.username") +
                                 " LIKE " + AsciiLower("$1::text") +
                                 " ESCAPE '\\') AND ($2::boolean IS NULL OR users.activated = $2)";
  return sql;
}

PgParams FilterParams(const UserFilter& filter) {
  PgParams params;
  params.Add(ContainsPattern(filter.username));
  if (filter.activated) {
    params.Add(*filter.activated);
  } else {
    params.Add(std::nullopt);
  }
  return params;
}

// Runs a one-parameter SELECT of kPgUserColumns; `missing()` builds the
// error when it yields no row.
template <typename Key, typename Missing>
Result<User> LoadOne(PgConnection& conn, const std::string& sql, const Key& key,
                     Missing missing) {
  Result<PgResult> r = conn.Execute(sql, PgParams().Add(key));
  if (!r) return r.error();
  if (r->rows() == 0) return missing();
  return ReadUser(*r, 0);
}

}  // namespace

Result<User> PgUserStore::LoadById(Id id) {
  static const std::string sql =
      std::string("SELECT ") + kPgUserColumns + " FROM users WHERE users.id = $1";
  return LoadOne(conn_, sql, id, [id] {
    return MakeError(Errc::kNotFound, "user " + std::to_string(id) + " not found",
                     kUserNotFoundDetail);
  });
}

Result<User> PgUserStore::LoadByUsername(std::string_view username) {
  static const std::string sql =
      std::string("SELECT ") + kPgUserColumns + " FROM users WHERE users.username = $1";
  return LoadOne(conn_, sql, username, [username] {
    return MakeError(Errc::kNotFound, "user '" + std::string(username) + "' not found",
                     kUserNotFoundDetail);
  });
}

Result<std::int64_t> PgUserStore::CountOtherActiveAdmins(Id except) {
  Result<PgResult> r = conn_.Execute(
      "SELECT count(*) FROM users WHERE role_id = $1 AND activated AND id <> $2",
      PgParams().Add(kRoleAdmin).Add(except));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<bool> PgUserStore::AnyExists() {
  Result<PgResult> r = conn_.Execute("SELECT EXISTS (SELECT 1 FROM users)");
  if (!r) return r.error();
  return r->Bool(0, 0);
}

Result<Id> PgUserStore::Insert(std::string_view username, std::string_view password_hash,
                               Id role_id, UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO users (username, password_hash, activated, role_id, created_at)"
      " VALUES ($1, $2, TRUE, $3, $4) RETURNING id",
      PgParams().Add(username).Add(password_hash).Add(role_id).Add(now));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Status PgUserStore::Update(Id id, const UserPatch& patch,
                           const std::optional<std::string>& password_hash, UnixSeconds now) {
  PgParams params;
  params.Add(patch.username).Add(password_hash).Add(patch.role_id);
  if (patch.activated) {
    params.Add(*patch.activated);
  } else {
    params.Add(std::nullopt);
  }
  Result<PgResult> r = conn_.Execute(
      "UPDATE users SET username = coalesce($1::text, username),"
      " password_hash = coalesce($2::text, password_hash),"
      " role_id = coalesce($3::bigint, role_id), activated = coalesce($4::boolean, activated),"
      " updated_at = $5 WHERE id = $6",
      params.Add(now).Add(id));
  if (!r) return r.error();
  return Ok();
}

Status PgUserStore::SetActivated(Id id, bool activated, UnixSeconds now) {
  Result<PgResult> r = conn_.Execute(
      "UPDATE users SET activated = $1, updated_at = $2 WHERE id = $3 AND activated <> $1",
      PgParams().Add(activated).Add(now).Add(id));
  if (!r) return r.error();
  return Ok();
}

Result<std::int64_t> PgUserStore::Count(const UserFilter& filter) {
  static const std::string sql = "SELECT count(*) FROM users " + WhereFilter();
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::vector<User>> PgUserStore::List(const UserFilter& filter, std::int64_t limit,
                                            std::int64_t offset) {
  static const std::string sql = std::string("SELECT ") + kPgUserColumns + " FROM users " +
                                 WhereFilter() + " ORDER BY users.id LIMIT $3 OFFSET $4";
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter).Add(limit).Add(offset));
  if (!r) return r.error();
  std::vector<User> users;
  users.reserve(static_cast<std::size_t>(r->rows()));
  for (int row = 0; row < r->rows(); ++row) users.push_back(ReadUser(*r, row));
  return users;
}

Result<std::unordered_map<Id, std::string>> PgUserStore::UsernamesOf(
    const std::vector<Id>& ids) {
  // The ids travel as one bigint[] parameter (its text form "{1,2,3}"), so
  // the statement is the same for any number of ids.
  std::string array = "{";
  for (Id id : ids) array += (array.size() > 1 ? "," : "") + std::to_string(id);
  array += "}";
  Result<PgResult> r = conn_.Execute(
      "SELECT id, username FROM users WHERE id = ANY($1::bigint[])", PgParams().Add(array));
  if (!r) return r.error();
  std::unordered_map<Id, std::string> names;
  for (int row = 0; row < r->rows(); ++row) names.emplace(r->Int(row, 0), r->Text(row, 1));
  return names;
}

Result<std::optional<UserCredentials>> PgUserStore::FindCredentials(std::string_view username) {
  static const std::string sql = std::string("SELECT ") + kPgUserColumns +
                                 ", users.password_hash FROM users WHERE users.username = $1";
  Result<PgResult> r = conn_.Execute(sql, PgParams().Add(username));
  if (!r) return r.error();
  if (r->rows() == 0) return std::optional<UserCredentials>();
  return std::optional<UserCredentials>(
      UserCredentials{ReadUser(*r, 0), r->Text(0, kPgUserColumnCount)});
}

Status PgUserStore::ReplacePasswordHash(Id user_id, std::string_view expected_hash,
                                        std::string_view new_hash) {
  Result<PgResult> r = conn_.Execute(
      "UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3",
      PgParams().Add(new_hash).Add(user_id).Add(expected_hash));
  if (!r) return r.error();
  return Ok();
}

}  // namespace itemctl::core
