#pragma once
// Whether opening a database may create it. Here rather than in
// sqlite/database.hpp so callers outside storage choose it without seeing
// an engine.

namespace itemctl::core {

enum class OpenMode {
  kMustExist,       // every command but migrate: a missing file is an error
  kCreateIfMissing  // migrate, serve and first run
};

}  // namespace itemctl::core
