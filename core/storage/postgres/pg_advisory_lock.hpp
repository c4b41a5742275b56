#pragma once
// PostgreSQL advisory locks: named by a 64-bit key, held by a transaction
// (released at its end) or by a session (released by AdvisoryUnlock or when
// the connection closes). Errors: those of PgConnection::Execute.

#include <cstdint>

#include "core/domain/error.hpp"
#include "core/storage/postgres/pg_connection.hpp"

namespace itemctl::core {

// pg_try_advisory_xact_lock: true if taken, false if another session holds
// it. `conn` must be inside a transaction (kInternal otherwise: outside one
// the lock would be released as soon as it is taken).
Result<bool> TryAdvisoryXactLock(PgConnection& conn, std::int64_t key);

// pg_advisory_xact_lock: waits until the lock is free. Inside a transaction.
Status AdvisoryXactLock(PgConnection& conn, std::int64_t key);

// pg_try_advisory_lock: the session-level lock, true if taken.
Result<bool> TryAdvisoryLock(PgConnection& conn, std::int64_t key);

// pg_advisory_lock: waits until the session-level lock is free.
Status AdvisoryLock(PgConnection& conn, std::int64_t key);

// pg_advisory_unlock: true if this session held the lock (false e.g. after
// the connection was reset, which released it).
Result<bool> AdvisoryUnlock(PgConnection& conn, std::int64_t key);

}  // namespace itemctl::core
