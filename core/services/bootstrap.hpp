#pragma once
// First run: migrates the database and, when no user exists yet, creates the
// `admin` user with ITEMCTL_ADMIN_PASSWORD or a generated password that is
// returned once for the caller to print. There is no default password.

#include <optional>
#include <string>

#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/service_set.hpp"

namespace itemctl::core {

inline constexpr const char* kAdminUsername = "admin";

struct BootstrapReport {
  int migrations_applied = 0;
  bool admin_created = false;
  std::optional<std::string> generated_admin_password;  // when created without env
};

// `admin_password` is ITEMCTL_ADMIN_PASSWORD (nullopt when unset); it must
// satisfy the password rules. Idempotent: a second run creates nothing.
// `services` must have a hasher. `actor` (the CLI's) is recorded in the
// audit trail as having added the admin.
Result<BootstrapReport> Bootstrap(const ServiceSet& services, const Actor& actor,
                                  const std::optional<std::string>& admin_password);

}  // namespace itemctl::core
