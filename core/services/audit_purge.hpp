#pragma once
// The audit retention (SPEC §10): a scheduled job of `serve` that deletes
// the audit events older than --audit-retention. Core does not log: the job
// returns the line for the caller to log.

#include <cstdint>

#include "core/services/scheduler.hpp"
#include "core/services/service_set.hpp"

namespace itemctl::core {

// The scheduler's name for the job (the `job` metric label).
inline constexpr const char* kAuditPurgeJob = "purge_old_audit_events";
// Its advisory-lock key ("itemctl" then 3): one instance purges at a time.
inline constexpr std::int64_t kAuditPurgeJobKey = 0x6974656D63746C03;

// A Scheduler::Job that borrows services from `hub` and deletes the events
// recorded more than `retention_seconds` ago (AuditTrail::Purge), returning
// "Audit: events past the retention deleted: 3", or a line saying another
// instance runs it now. `hub` must outlive the job.
Scheduler::Job MakeAuditPurgeJob(ServiceHub& hub, std::int64_t retention_seconds);

}  // namespace itemctl::core
