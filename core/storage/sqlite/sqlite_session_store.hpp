#pragma once
// SessionStore over one SQLite connection (see core/storage/session_store.hpp
// for the contract). Borrows `db`, which must outlive it; one thread at a time.

#include "core/storage/session_store.hpp"
#include "core/storage/sqlite/database.hpp"

namespace itemctl::core {

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db) : db_(db) {}

  Result<std::optional<Id>> Insert(Id user_id, std::string_view platform,
                                   const TokenHashes& tokens, UnixSeconds now) override;
  Result<std::int64_t> Trim(Id user_id, int keep, UnixSeconds now) override;
  Result<std::optional<SessionAndUser>> FindByAccessHash(std::string_view access_hash) override;
  Result<std::optional<Session>> RotateTokens(std::string_view refresh_hash,
                                              const TokenHashes& next, UnixSeconds now,
                                              std::int64_t max_age) override;
  Status RememberRotatedToken(Id session_id, std::string_view refresh_hash,
                              UnixSeconds now) override;
  Result<std::optional<Session>> EndByRotatedToken(std::string_view refresh_hash) override;
  Result<std::int64_t> DeleteForUser(Id user_id, std::optional<Id> keep) override;
  Status Touch(Id session_id, UnixSeconds now) override;
  Result<std::optional<Session>> Find(Id session_id) override;
  Result<bool> Delete(Id session_id) override;
  Result<std::vector<Session>> List(std::optional<Id> user_id,
                                    std::optional<UnixSeconds> live_at) override;
  Result<std::int64_t> DeleteExpired(UnixSeconds now) override;
  Result<std::int64_t> CountExpiredBy(UnixSeconds at) override;
  Result<std::map<std::string, std::int64_t>> CountLiveByPlatform(UnixSeconds now) override;

 private:
  Database& db_;
};

}  // namespace itemctl::core
