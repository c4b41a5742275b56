#pragma once
// UserStore over one PostgreSQL connection (see core/storage/user_store.hpp
// for the contract). Borrows `conn`, which must outlive it; one thread at a
// time, like the connection.

#include "core/storage/postgres/pg_connection.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(PgConnection& conn) : conn_(conn) {}

  Result<User> LoadById(Id id) override;
  Result<User> LoadByUsername(std::string_view username) override;
  Result<std::int64_t> CountOtherActiveAdmins(Id except) override;
  Result<bool> AnyExists() override;
  Result<Id> Insert(std::string_view username, std::string_view password_hash, Id role_id,
                    UnixSeconds now) override;
  Status Update(Id id, const UserPatch& patch, const std::optional<std::string>& password_hash,
                UnixSeconds now) override;
  Status SetActivated(Id id, bool activated, UnixSeconds now) override;
  Result<std::int64_t> Count(const UserFilter& filter) override;
  Result<std::vector<User>> List(const UserFilter& filter, std::int64_t limit,
                                 std::int64_t offset) override;
  Result<std::unordered_map<Id, std::string>> UsernamesOf(const std::vector<Id>& ids) override;
  Result<std::optional<UserCredentials>> FindCredentials(std::string_view username) override;
  Status ReplacePasswordHash(Id user_id, std::string_view expected_hash,
                             std::string_view new_hash) override;

 private:
  PgConnection& conn_;
};

}  // namespace itemctl::core
