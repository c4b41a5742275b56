#pragma once
// What the password-guessing throttle (SPEC §8) counts failed logins
// against: an account name as the client typed it (existing or not, so
// existence cannot be probed) or a client address.

#include <string>

namespace itemctl::core {

enum class ThrottleScope { kAccount, kAddress };

// "account" or "address": the database's scope column and the metric label.
inline const char* ScopeName(ThrottleScope scope) {
  switch (scope) {  // no default: -Werror=switch catches a new scope
    case ThrottleScope::kAccount: return "account";
    case ThrottleScope::kAddress: return "address";
  }
  return "account";
}

struct ThrottleKey {
  ThrottleScope scope = ThrottleScope::kAccount;
  std::string subject;  // the account name or address, see ThrottleSubject()

  bool operator==(const ThrottleKey&) const = default;
};

}  // namespace itemctl::core
