#pragma once
// Column lists and row readers for the PostgreSQL stores, the counterpart of
// sqlite/rows.hpp: select `kUserColumns` (prefixed as needed) and read with
// ReadUser(result, row, first_column).

#include <string>
#include <string_view>

#include "core/domain/models.hpp"
#include "core/storage/postgres/pg_result.hpp"

namespace itemctl::core {

inline constexpr const char* kPgUserColumns =
    "users.id, users.username, users.role_id, users.activated, users.created_at, users.updated_at";
inline constexpr int kPgUserColumnCount = 6;
User ReadUser(const PgResult& r, int row, int first = 0);

inline constexpr const char* kPgItemColumns =
    "items.id, items.name, items.description, items.user_id, items.created_at, items.updated_at";
inline constexpr int kPgItemColumnCount = 6;
Item ReadItem(const PgResult& r, int row, int first = 0);

inline constexpr const char* kPgSessionColumns =
    "sessions.id, sessions.user_id, sessions.platform, sessions.access_expires_at, "
    "sessions.refresh_expires_at, sessions.created_at, sessions.last_used_at";
inline constexpr int kPgSessionColumnCount = 7;
Session ReadSession(const PgResult& r, int row, int first = 0);

inline constexpr const char* kPgVersionColumns =
    "versions.id, versions.version, versions.supported, versions.sunset_at, "
    "versions.sunset_announced_at";
ApiVersion ReadVersion(const PgResult& r, int row, int first = 0);

// `expr` lowercased in ASCII only, as SQLite's LIKE folds case, whatever the
// database's ctype locale: lower() under the "C" collation (under a UTF-8
// one it would also fold 'É'). Wrap both sides of a substring LIKE in it;
// migrations/postgres/0008 indexes the same expression of item columns.
std::string AsciiLower(std::string_view expr);

}  // namespace itemctl::core
