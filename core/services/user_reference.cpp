#include "core/services/user_reference.hpp"

#include <optional>
#include <string>

#include "core/domain/validation.hpp"

namespace itemctl::core {

Result<User> FindUser(UserStore& users, std::string_view reference) {
  if (reference.starts_with('#')) {
    std::optional<Id> id = ParsePositiveId(reference.substr(1));
    if (!id) {
      return MakeError(Errc::kInvalidArgument,
                       "user '" + std::string(reference) +
                           "': '#' must be followed by a user id (a positive whole number)");
    }
    return users.LoadById(*id);
  }
  Result<User> by_name = users.LoadByUsername(reference);
  if (by_name || by_name.error().code != Errc::kNotFound) return by_name;
  std::optional<Id> id = ParsePositiveId(reference);
  if (!id) return by_name;
  return users.LoadById(*id);
}

Result<std::unordered_map<Id, std::string>> UsernamesById(UserStore& users,
                                                          const std::vector<Id>& ids) {
  if (ids.empty()) return std::unordered_map<Id, std::string>();
  return users.UsernamesOf(ids);
}

}  // namespace itemctl::core
