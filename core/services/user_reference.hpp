#pragma once
// How an admin names a user (the CLI's USER arguments, SPEC §10): by
// username or by id, with one rule for the ambiguous case.

#include <string_view>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

// `#12` is the user with id 12. Anything else is a username; when no user
// has that name and it is a positive whole number, it is an id, so scripts
// passing ids keep working. A username made of digits ("2024") is thus
// found by name, and `#2024` reaches the id past it. kNotFound names what
// was asked for; kInvalidArgument for `#` without an id after it.
Result<User> FindUser(UserStore& users, std::string_view reference);

}  // namespace itemctl::core
