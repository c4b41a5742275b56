#pragma once
// How an admin names a user (the CLI's USER arguments, SPEC §10): by
// username or by id, with one rule for the ambiguous case; and how a
// listing names the users behind its ids (tables show the username next to
// an owner id).

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// The usernames of `ids` in one store call whatever their number (no query
// per row); none for an empty list. An id with no user (a row that names
// one since removed) is absent from the map. kStorage from the store.
Result<std::unordered_map<Id, std::string>> UsernamesById(UserStore& users,
                                                          const std::vector<Id>& ids);

}  // namespace itemctl::core
