#pragma once
// Plain domain records, as core hands them out. No JSON, no SQL here: the
// wire mapping lives in web/json_mapping, the row mapping in core/storage.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/clock.hpp"

namespace itemctl::core {

using Id = std::int64_t;

inline constexpr Id kRoleAdmin = 1;
inline constexpr Id kRoleUser = 2;

struct Role {
  Id id = 0;
  std::string name;
};

// A user as everyone may see it; the password hash never leaves storage
// except through UserCredentials.
struct User {
  Id id = 0;
  std::string username;
  Id role_id = kRoleUser;
  bool activated = true;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> updated_at;

  bool IsAdmin() const { return role_id == kRoleAdmin; }
};

struct UserCredentials {
  User user;
  std::string password_hash;
};

struct Item {
  Id id = 0;
  std::string name;
  std::optional<std::string> description;
  Id user_id = 0;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> updated_at;
};

// A version's announced retirement (`itemctl version sunset`): served, with
// Deprecation and Sunset headers, until `at`; unsupported from `at` on.
struct VersionSunset {
  UnixSeconds at = 0;
  UnixSeconds announced_at = 0;  // when the admin set it
};

struct ApiVersion {
  Id id = 0;
  std::string version;
  // As stored by the store; as handed out by the Versions service, whether
  // the version is served now (false also once its sunset has passed).
  bool supported = false;
  std::optional<VersionSunset> sunset;
};

// One logged-in device. Token hashes stay in storage.
struct Session {
  Id id = 0;
  Id user_id = 0;
  std::string platform;
  UnixSeconds access_expires_at = 0;
  UnixSeconds refresh_expires_at = 0;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> last_used_at;
};

struct NewItem {
  std::string name;
  std::optional<std::string> description;
};

struct ItemPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

// Listing filters; an absent or empty needle filters nothing.
struct ItemFilter {
  std::optional<std::string> name;         // case-insensitive substring
  std::optional<std::string> description;  // case-insensitive substring
};

// The fields a PATCH /users/{id} (or `itemctl user update`) may change.
struct UserPatch {
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<Id> role_id;
  std::optional<bool> activated;
};

struct UserFilter {
  std::optional<std::string> username;  // case-insensitive substring
  std::optional<bool> activated;
};

// A page of a listing: `total` counts every match, not just this page.
template <typename T>
struct Page {
  std::int64_t page = 1;
  std::int64_t limit = 20;
  std::int64_t total = 0;
  std::vector<T> rows;
};

struct PageRequest {
  // A constructor, not an aggregate: callers write {page, limit}.
  PageRequest(std::int64_t page_number = 1, std::int64_t page_limit = 20,
              std::optional<Id> after = std::nullopt)
      : page(page_number), limit(page_limit), after_id(after) {}
  std::int64_t page;
  std::int64_t limit;
  // Keyset paging, items only: the `limit` rows after this id instead of
  // page `page` (always 1 then). Its cost does not grow with the depth.
  std::optional<Id> after_id;
};

}  // namespace itemctl::core
