#pragma once
// LoginThrottleStore over one SQLite connection (see
// core/storage/login_throttle_store.hpp for the contract). Borrows `db`,
// which must outlive it; one thread at a time.

#include "core/storage/login_throttle_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteLoginThrottleStore final : public LoginThrottleStore {
 public:
  explicit SqliteLoginThrottleStore(Database& db) : db_(db) {}

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
  Database& db_;
};

}  // namespace itemctl::core
