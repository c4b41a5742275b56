#pragma once
// Single-user lookups shared by the user and role services, with the
// not-found errors both report: kNotFound "user 7 not found" or
// "user 'bob' not found", detail "User not found".

#include <cstdint>
#include <string_view>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

inline constexpr const char* kUserNotFoundDetail = "User not found";

Result<User> LoadUserById(Database& db, Id id);
Result<User> LoadUserByUsername(Database& db, std::string_view username);
// Activated admins other than `except`.
Result<std::int64_t> CountOtherActiveAdmins(Database& db, Id except);

}  // namespace itemctl::core
