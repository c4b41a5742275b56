#pragma once
// The SQL of the users aggregate. Single-user lookups report kNotFound "user 7 not found" or
// "user 'bob' not found", detail "User not found".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

inline constexpr const char* kUserNotFoundDetail = "User not found";

Result<User> LoadUserById(Database& db, Id id);
Result<User> LoadUserByUsername(Database& db, std::string_view username);
// Activated admins other than `except`.
Result<std::int64_t> CountOtherActiveAdmins(Database& db, Id except);
// Whether any user exists yet (first-run bootstrap).
Result<bool> AnyUserExists(Database& db);

// Writes hand back the database's own errors (kAlreadyExists for a taken
// username, kBadReference for an unknown role) for the Users service to word.
Result<Id> InsertUser(Database& db, std::string_view username, std::string_view password_hash,
                      Id role_id, UnixSeconds now);
// Sets the present fields of `patch` (its password as `password_hash`, never
// the plain text) and updated_at.
Status UpdateUser(Database& db, Id id, const UserPatch& patch,
                  const std::optional<std::string>& password_hash, UnixSeconds now);
// Sets `activated`; a no-op (updated_at kept) when it already has that value.
Status SetUserActivated(Database& db, Id id, bool activated, UnixSeconds now);

// Users matching `filter`, counted or paged (ordered by id).
Result<std::int64_t> CountUsers(Database& db, const UserFilter& filter);
Result<std::vector<User>> ListUsers(Database& db, const UserFilter& filter, std::int64_t limit,
                                    std::int64_t offset);

}  // namespace itemctl::core
