#pragma once
// Column lists and row readers shared by every query that returns a domain
// record, so a column is added in one place. Select `kUserColumns` (prefixed
// as needed) and read with ReadUser(query, first_column).

#include "core/domain/models.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

inline constexpr const char* kUserColumns =
    "users.id, users.username, users.role_id, users.activated, users.created_at, users.updated_at";
inline constexpr int kUserColumnCount = 6;
User ReadUser(const Query& q, int first = 0);

inline constexpr const char* kItemColumns =
    "items.id, items.name, items.description, items.user_id, items.created_at, items.updated_at";
inline constexpr int kItemColumnCount = 6;
Item ReadItem(const Query& q, int first = 0);

inline constexpr const char* kSessionColumns =
    "sessions.id, sessions.user_id, sessions.platform, sessions.access_expires_at, "
    "sessions.refresh_expires_at, sessions.created_at, sessions.last_used_at";
inline constexpr int kSessionColumnCount = 7;
Session ReadSession(const Query& q, int first = 0);

inline constexpr const char* kVersionColumns =
    "versions.id, versions.version, versions.supported, versions.sunset_at, "
    "versions.sunset_announced_at";
ApiVersion ReadVersion(const Query& q, int first = 0);

}  // namespace itemctl::core
