#pragma once
// LoginThrottleStore over one PostgreSQL connection (see
// core/storage/login_throttle_store.hpp for the contract). Borrows `conn`,
// which must outlive it; one thread at a time.

#include "core/storage/login_throttle_store.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

class PgLoginThrottleStore final : public LoginThrottleStore {
 public:
  explicit PgLoginThrottleStore(PgConnection& conn) : conn_(conn) {}

  Result<std::int64_t> DeleteExpiredOf(const ThrottleKey& key, UnixSeconds now) override;
  Result<std::int64_t> CountLive(const ThrottleKey& key, UnixSeconds now) override;
  Result<std::optional<UnixSeconds>> NthNewestExpiry(const ThrottleKey& key, std::int64_t n,
                                                     UnixSeconds now) override;
  Result<std::vector<std::string>> LockedUsernames(std::int64_t limit, UnixSeconds now) override;
  Result<Id> Insert(const ThrottleKey& key, UnixSeconds failed_at,
                    UnixSeconds expires_at) override;
  Result<std::int64_t> DeleteAllOf(const ThrottleKey& key) override;
  Result<std::int64_t> DeleteExpired(UnixSeconds now) override;
  Result<std::int64_t> CountSubjectsAtLimit(ThrottleScope scope, std::int64_t limit,
                                            UnixSeconds now) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
