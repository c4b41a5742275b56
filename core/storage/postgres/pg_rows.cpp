#include "core/storage/postgres/pg_rows.hpp"

namespace itemctl::core {

User ReadUser(const PgResult& r, int row, int first) {
  User u;
  u.id = r.Int(row, first);
  u.username = r.Text(row, first + 1);
  u.role_id = r.Int(row, first + 2);
  u.activated = r.Bool(row, first + 3);
  u.created_at = r.Int(row, first + 4);
  u.updated_at = r.OptionalInt(row, first + 5);
  return u;
}

Item ReadItem(const PgResult& r, int row, int first) {
  Item item;
  item.id = r.Int(row, first);
  item.name = r.Text(row, first + 1);
  item.description = r.OptionalText(row, first + 2);
  item.user_id = r.Int(row, first + 3);
  item.created_at = r.Int(row, first + 4);
  item.updated_at = r.OptionalInt(row, first + 5);
  return item;
}

Session ReadSession(const PgResult& r, int row, int first) {
  Session s;
  s.id = r.Int(row, first);
  s.user_id = r.Int(row, first + 1);
  s.platform = r.Text(row, first + 2);
  s.access_expires_at = r.Int(row, first + 3);
  s.refresh_expires_at = r.Int(row, first + 4);
  s.created_at = r.Int(row, first + 5);
  s.last_used_at = r.OptionalInt(row, first + 6);
  return s;
}

std::string AsciiLower(std::string_view expr) {
  return "lower((" + std::string(expr) + ") COLLATE \"C\")";
}

ApiVersion ReadVersion(const PgResult& r, int row, int first) {
  ApiVersion v;
  v.id = r.Int(row, first);
  v.version = r.Text(row, first + 1);
  v.supported = r.Bool(row, first + 2);
  if (std::optional<UnixSeconds> at = r.OptionalInt(row, first + 3)) {
    v.sunset = VersionSunset{*at, r.OptionalInt(row, first + 4).value_or(*at)};
  }
  return v;
}

}  // namespace itemctl::core
