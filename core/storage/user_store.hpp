#pragma once
// The users aggregate, as services see it: one implementation per engine
// (core/storage/sqlite, core/storage/postgres). Single-user lookups report
// kNotFound "user 7 not found" or "user 'bob' not found", detail
// kUserNotFoundDetail. Writes hand back the engine's own errors
// (kAlreadyExists for a taken username, kBadReference for an unknown role)
// for the Users service to word.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

inline constexpr const char* kUserNotFoundDetail = "User not found";

class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual Result<User> LoadById(Id id) = 0;
  virtual Result<User> LoadByUsername(std::string_view username) = 0;
  // Activated admins other than `except`.
  virtual Result<std::int64_t> CountOtherActiveAdmins(Id except) = 0;
  // Whether any user exists yet (first-run bootstrap).
  virtual Result<bool> AnyExists() = 0;

  virtual Result<Id> Insert(std::string_view username, std::string_view password_hash,
                            Id role_id, UnixSeconds now) = 0;
  // Sets the present fields of `patch` (its password as `password_hash`,
  // never the plain text) and updated_at.
  virtual Status Update(Id id, const UserPatch& patch,
                        const std::optional<std::string>& password_hash, UnixSeconds now) = 0;
  // Sets `activated`; a no-op (updated_at kept) when it already has that value.
  virtual Status SetActivated(Id id, bool activated, UnixSeconds now) = 0;

  // Users matching `filter`, counted or paged (ordered by id).
  virtual Result<std::int64_t> Count(const UserFilter& filter) = 0;
  virtual Result<std::vector<User>> List(const UserFilter& filter, std::int64_t limit,
                                         std::int64_t offset) = 0;
  // The usernames of those of `ids` that exist, in one statement (the ids
  // go in as one bound parameter, whatever their number). Unknown ids are
  // absent from the map; duplicates are fine.
  virtual Result<std::unordered_map<Id, std::string>> UsernamesOf(const std::vector<Id>& ids) = 0;

  // The user named `username` with their password hash; nullopt when unknown.
  virtual Result<std::optional<UserCredentials>> FindCredentials(std::string_view username) = 0;
  // Replaces the password hash of `user_id` if it is still `expected_hash`,
  // so a rehash never overwrites a password changed in the meantime.
  virtual Status ReplacePasswordHash(Id user_id, std::string_view expected_hash,
                                     std::string_view new_hash) = 0;
};

}  // namespace itemctl::core
