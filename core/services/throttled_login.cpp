#include "core/services/throttled_login.hpp"

#include <vector>

namespace itemctl::core {

template <typename T, typename Verify>
Result<T> ThrottledLogin::Guarded(const std::vector<ThrottleKey>& keys, Verify verify) {
  Result<ThrottleTicket> ticket = throttle_.Admit(keys);
  if (!ticket) return ticket.error();
  Result<T> verified = verify();
  // Settling is bookkeeping: when it fails, the answer stays the verifier's
  // (a failure left behind only counts until its window ends).
  if (verified) {
    (void)throttle_.Succeeded(*ticket);
  } else if (verified.error().code == Errc::kUnauthenticated) {
    (void)throttle_.Failed(*ticket);
  } else {
    (void)throttle_.Withdrawn(*ticket);
  }
  return verified;
}

Result<IssuedTokens> ThrottledLogin::Login(std::string_view username, std::string_view password,
                                           std::string_view platform,
                                           std::string_view client_address) {
  return Guarded<IssuedTokens>({AccountKey(username), AddressKey(client_address)}, [&] {
    return sessions_.Login(username, password, platform);
  });
}

Result<IssuedTokens> ThrottledLogin::Refresh(std::string_view refresh_token,
                                             std::string_view client_address) {
  return Guarded<IssuedTokens>({AddressKey(client_address)},
                               [&] { return sessions_.Refresh(refresh_token); });
}

Result<User> ThrottledLogin::CheckPassword(std::string_view username, std::string_view password,
                                           std::string_view client_address) {
  return Guarded<User>({AccountKey(username), AddressKey(client_address)}, [&] {
    return sessions_.CheckPassword(username, password);
  });
}

}  // namespace itemctl::core
