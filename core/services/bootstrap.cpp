#include "core/services/bootstrap.hpp"

#include <utility>

#include "core/domain/actor.hpp"
#include "core/domain/validation.hpp"
#include "core/services/users.hpp"

namespace itemctl::core {
Result<BootstrapReport> Bootstrap(const ServiceSet& services, const Actor& actor,
                                  const std::optional<std::string>& admin_password) {
  BootstrapReport report;
  Result<int> applied = services.schema().ApplyPending(services.deps().clock.Now());
  if (!applied) return applied.error();
  report.migrations_applied = *applied;

  Users users = services.users();
  Result<bool> has_users = users.AnyExist();
  if (!has_users) return has_users.error();
  if (*has_users) return report;

  if (admin_password) {
    // The rules' message never quotes the password; this names its source.
    if (Status valid = ValidatePassword(*admin_password); !valid) {
      return MakeError(Errc::kInvalidArgument,
                       "ITEMCTL_ADMIN_PASSWORD: " + valid.error().message);
    }
  }
  Result<CreatedUser> created =
      users.Add(actor, NewUser{kAdminUsername, kRoleAdmin, admin_password});
  if (!created) {
    // A concurrent first run (`migrate` next to `serve`) created it first.
    if (created.error().code == Errc::kAlreadyExists) return report;
    return created.error();
  }
  report.admin_created = true;
  report.generated_admin_password = std::move(created->generated_password);
  return report;
}

}  // namespace itemctl::core
