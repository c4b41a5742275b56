#include "core/services/login_throttle.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/domain/validation.hpp"
#include "core/digest.hpp"
#include "core/services/audit_trail.hpp"
#include "core/services/permissions.hpp"
#include "core/services/user_reference.hpp"

namespace itemctl::core {
namespace {

constexpr std::size_t kMaxPlainSubject = 64;

bool IsPlainSubjectChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("._-@:[]%").find(c) != std::string_view::npos;
}


}  // namespace

std::string ThrottleSubject(std::string_view text) {
  if (!text.empty() && text.size() <= kMaxPlainSubject &&
      std::all_of(text.begin(), text.end(), IsPlainSubjectChar)) {
    return std::string(text);
  }
  return "sha256:" + Sha256Hex(text);
}

ThrottleKey AccountKey(std::string_view username) {
  return ThrottleKey{ThrottleScope::kAccount, ThrottleSubject(username)};
}

ThrottleKey AddressKey(std::string_view address) {
  return ThrottleKey{ThrottleScope::kAddress, ThrottleSubject(address)};
}

std::int64_t LoginThrottle::LimitOf(ThrottleScope scope) const {
  switch (scope) {
    case ThrottleScope::kAccount: return std::max(1, config_.max_failures_per_account);
    case ThrottleScope::kAddress: return std::max(1, config_.max_failures_per_address);
  }
  return 1;
}

Result<std::optional<LoginThrottle::Refusal>> LoginThrottle::FindLocked(
    const std::vector<ThrottleKey>& keys, UnixSeconds now) {
  std::optional<Refusal> refusal;
  for (const ThrottleKey& key : keys) {
    // The limit-th newest failure: once it expires, a slot is free.
    Result<std::optional<UnixSeconds>> frees_at =
        store_.login_failures().NthNewestExpiry(key, LimitOf(key.scope), now);
    if (!frees_at) return frees_at.error();
    if (!*frees_at) continue;
    std::int64_t wait = **frees_at - now;
    if (!refusal || wait > refusal->retry_after_seconds) refusal = Refusal{key, wait};
  }
  return refusal;
}

Error LoginThrottle::Refuse(const Refusal& refusal) {
  if (events_.refused) events_.refused(refusal.key, refusal.retry_after_seconds);
  Error error = MakeError(Errc::kThrottled,
                          std::string(ScopeName(refusal.key.scope)) + " '" + refusal.key.subject +
                              "' is locked after too many failed logins; retry in " +
                              std::to_string(refusal.retry_after_seconds) + " s",
                          kTooManyAttempts);
  error.retry_after_seconds = refusal.retry_after_seconds;
  return error;
}

Result<ThrottleTicket> LoginThrottle::Admit(const std::vector<ThrottleKey>& keys) {
  // A plain read: a flood of refused attempts never queues on the write lock.
  Result<std::optional<Refusal>> locked = FindLocked(keys, clock_.Now());
  if (!locked) return locked.error();
  if (*locked) return Refuse(**locked);
  ThrottleTicket ticket;
  for (const ThrottleKey& key : keys) ticket.entries.push_back({key});
  return ticket;
}

Status LoginThrottle::Failed(const ThrottleTicket& ticket) {
  const UnixSeconds now = clock_.Now();
  const std::int64_t window = std::max<std::int64_t>(1, config_.window_seconds);
  std::vector<ThrottleKey> locked_now;
  LoginThrottleStore& failures = store_.login_failures();
  Status recorded = store_.Transact([&]() -> Status {
    locked_now.clear();  // a retried transaction starts over
    for (const ThrottleTicket::Entry& entry : ticket.entries) {
      // Expired rows go first, and nothing is recorded past the limit, so a
      // key never holds more rows than its limit.
      if (Result<std::int64_t> pruned = failures.DeleteExpiredOf(entry.key, now); !pruned) {
        return pruned.error();
      }
      Result<std::int64_t> live = failures.CountLive(entry.key, now);
      if (!live) return live.error();
      const std::int64_t limit = LimitOf(entry.key.scope);
      if (*live >= limit) continue;
      if (Result<Id> id = failures.Insert(entry.key, now, now + window); !id) return id.error();
      if (*live + 1 == limit) locked_now.push_back(entry.key);
    }
    return Ok();
  });
  if (!recorded) return recorded;
  if (events_.locked) {
    for (const ThrottleKey& key : locked_now) events_.locked(key, LimitOf(key.scope));
  }
  return Ok();
}

Status LoginThrottle::Succeeded(const ThrottleTicket& ticket) {
  // One DELETE per account key (there is one): atomic without a transaction,
  // so a successful login takes no explicit write lock.
  for (const ThrottleTicket::Entry& entry : ticket.entries) {
    if (entry.key.scope != ThrottleScope::kAccount) continue;
    if (Result<std::int64_t> s = store_.login_failures().DeleteAllOf(entry.key); !s) {
      return s.error();
    }
  }
  return Ok();
}

Status LoginThrottle::Withdrawn(const ThrottleTicket& /*ticket*/) {
  return Ok();  // nothing was recorded for an attempt still in flight
}

Result<UnlockedUser> LoginThrottle::Unlock(const Actor& actor, std::string_view user) {
  if (Status allowed = RequireAdmin(actor); !allowed) return allowed.error();
  Result<User> found = FindUser(store_.users(), user);
  if (!found) return found.error();
  const ThrottleKey key = AccountKey(found->username);
  LoginThrottleStore& failures = store_.login_failures();
  Result<std::int64_t> cleared = InTransaction(store_, [&]() -> Result<std::int64_t> {
    // Expired rows first, so the count reported is of failures that counted.
    if (Result<std::int64_t> pruned = failures.DeleteExpiredOf(key, clock_.Now()); !pruned) {
      return pruned.error();
    }
    Result<std::int64_t> deleted = failures.DeleteAllOf(key);
    if (!deleted) return deleted;
    Status audited = RecordAudit(store_, actor, clock_.Now(),
                                 {audit_action::kUserUnlock, UserTarget(*found),
                                  {{"failed_logins_cleared", *deleted}}});
    if (!audited) return audited.error();
    return deleted;
  });
  if (!cleared) return cleared.error();
  return UnlockedUser{std::move(*found), *cleared};
}

Result<std::int64_t> LoginThrottle::LiveFailures(const ThrottleKey& key) {
  return store_.login_failures().CountLive(key, clock_.Now());
}

Result<std::int64_t> LoginThrottle::CountLockedAccounts() {
  return store_.login_failures().CountSubjectsAtLimit(
      ThrottleScope::kAccount, LimitOf(ThrottleScope::kAccount), clock_.Now());
}

Result<std::int64_t> LoginThrottle::PruneExpired() {
  return store_.login_failures().DeleteExpired(clock_.Now());
}

}  // namespace itemctl::core
