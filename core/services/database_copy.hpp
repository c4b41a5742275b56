#pragma once
// `itemctl db copy SOURCE TARGET` (SPEC §9): a whole deployment from one
// database to another, either engine to either engine, in one consistent
// snapshot of the source while it keeps serving. Ids, password hashes,
// sessions (token hashes), versions and login-throttle state are kept, so a
// copied user logs in on the target when both use the same pepper.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

struct CopyReport {
  std::vector<std::pair<std::string, std::int64_t>> tables;  // name, rows, in copy order
  std::int64_t rows = 0;
};

using CopyProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Who copies from where, for the `db.copy` event written into the target
// with the copied rows.
struct CopyAudit {
  Actor actor;
  std::string source_name;
};

// The source must be at the current schema (kSchemaOutOfDate otherwise);
// the target is migrated first and must hold no user yet (empty or freshly
// migrated: kFailedPrecondition "target ... already has users" otherwise).
// The target is written in one transaction: all or nothing. With `audit`,
// the target's trail also records the copy itself.
Result<CopyReport> CopyDatabase(Store& source, Store& target, UnixSeconds now,
                                const std::string& target_name,
                                const CopyProgress& progress = {},
                                const CopyAudit* audit = nullptr);

}  // namespace itemctl::core
