#pragma once
// The expired-session purge that `serve` schedules (SPEC §5) and
// `itemctl token purge` runs once. Core does not log: the job returns the
// line for the caller to log.

#include <cstdint>
#include <functional>
#include <string>

#include "core/config.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/scheduler.hpp"
#include "core/services/service_set.hpp"

namespace itemctl::core {

// The scheduler's name for the purge job (the `job` metric label).
inline constexpr const char* kSessionPurgeJob = "purge_expired_sessions";

// The advisory-lock key of the purge job ("itemctl" then 2): of several
// instances on one PostgreSQL database, one purges at a time.
inline constexpr std::int64_t kSessionPurgeJobKey = 0x6974656D63746C02;

// "Tokens: expired tokens deleted: 3".
std::string PurgeSummary(std::int64_t deleted);
// The job's line when another instance was purging at that moment.
inline constexpr const char* kPurgeLeftToAnother =
    "Tokens: another instance is purging expired tokens now; skipped";

// A Scheduler::Job that borrows services from `hub`, deletes the sessions
// whose refresh token has expired (Sessions::PurgeExpired) and the
// login-throttle failures past their window (LoginThrottle::PruneExpired),
// hands the count to `on_deleted` (may be empty; metrics) and returns
// PurgeSummary(count); or, when another instance holds the job's lock
// (Store::RunAlone), does nothing and returns kPurgeLeftToAnother. Errors
// are kStorage from the database. Everything passed in must outlive the job.
Scheduler::Job MakeSessionPurgeJob(ServiceHub& hub,
                                   std::function<void(std::int64_t)> on_deleted);

}  // namespace itemctl::core
