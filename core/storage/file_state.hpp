#pragma once
// The state of a database file as the SQLite connection pool sees it (see
// sqlite/connection_pool.hpp), and the observer that hears of its changes.
// Here so callers outside storage can log them without seeing an engine.

#include <functional>
#include <string>

namespace itemctl::core {

enum class DatabaseFileState { kWritable, kReadOnly, kMissing, kReplaced };

// Called once per change of the file's state with a sentence naming the
// file and the consequence; see ConnectionPool for when and under what lock.
using FileStateObserver = std::function<void(DatabaseFileState, const std::string& message)>;

}  // namespace itemctl::core
