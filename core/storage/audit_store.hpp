#pragma once
// The audit_events table, one implementation per engine. Events are
// appended inside the transaction of the change they record, listed newest
// first, and deleted only by the retention purge.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/domain/audit.hpp"
#include "core/domain/error.hpp"

namespace itemctl::core {

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends `event` (its id is ignored) and returns the new id.
  virtual Result<Id> Insert(const AuditEvent& event) = 0;
  virtual Result<std::int64_t> Count(const AuditFilter& filter) = 0;
  // Newest first (by id).
  virtual Result<std::vector<AuditEvent>> List(const AuditFilter& filter, std::int64_t limit,
                                               std::int64_t offset) = 0;
  // Deletes the events recorded before `before`; returns how many.
  virtual Result<std::int64_t> DeleteBefore(UnixSeconds before) = 0;
  // Events kept, by action.
  virtual Result<std::map<std::string, std::int64_t>> CountByAction() = 0;
};

}  // namespace itemctl::core
