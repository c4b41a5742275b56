#include "core/services/last_admin.hpp"

#include <cstdint>
#include <string>

#include "core/storage/user_store.hpp"

namespace itemctl::core {

bool RemovesActiveAdmin(const User& target, std::optional<Id> new_role,
                        std::optional<bool> activated) {
  if (!target.IsAdmin() || !target.activated) return false;
  return (new_role && *new_role != kRoleAdmin) || activated == false;
}

Status KeepAnActiveAdmin(UserStore& users, const User& target, std::optional<Id> new_role,
                         std::optional<bool> activated) {
  if (!RemovesActiveAdmin(target, new_role, activated)) return Ok();
  Result<std::int64_t> others = users.CountOtherActiveAdmins(target.id);
  if (!others) return others.error();
  if (*others > 0) return Ok();
  return MakeError(Errc::kFailedPrecondition,
                   "cannot remove the last admin: '" + target.username +
                       "' is the only active admin",
                   kLastAdminDetail);
}

}  // namespace itemctl::core
