#include "core/storage/sqlite/rows.hpp"

namespace itemctl::core {

User ReadUser(const Query& q, int first) {
  User u;
  u.id = q.Int(first);
  u.username = q.Text(first + 1);
  u.role_id = q.Int(first + 2);
  u.activated = q.Bool(first + 3);
  u.created_at = q.Int(first + 4);
  u.updated_at = q.OptionalInt(first + 5);
  return u;
}

Item ReadItem(const Query& q, int first) {
  Item item;
  item.id = q.Int(first);
  item.name = q.Text(first + 1);
  item.description = q.OptionalText(first + 2);
  item.user_id = q.Int(first + 3);
  item.created_at = q.Int(first + 4);
  item.updated_at = q.OptionalInt(first + 5);
  return item;
}

Session ReadSession(const Query& q, int first) {
  Session s;
  s.id = q.Int(first);
  s.user_id = q.Int(first + 1);
  s.platform = q.Text(first + 2);
  s.access_expires_at = q.Int(first + 3);
  s.refresh_expires_at = q.Int(first + 4);
  s.created_at = q.Int(first + 5);
  s.last_used_at = q.OptionalInt(first + 6);
  return s;
}

ApiVersion ReadVersion(const Query& q, int first) {
  ApiVersion v;
  v.id = q.Int(first);
  v.version = q.Text(first + 1);
  v.supported = q.Bool(first + 2);
  if (std::optional<UnixSeconds> at = q.OptionalInt(first + 3)) {
    v.sunset = VersionSunset{*at, q.OptionalInt(first + 4).value_or(*at)};
  }
  return v;
}

}  // namespace itemctl::core
