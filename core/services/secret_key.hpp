#pragma once
// The server-side pepper of SPEC §4: ITEMCTL_SECRET_KEY when set, else the
// key file next to the database ("<db path>.key"), created on first use with
// 64 random characters and mode 0600.

#include <optional>
#include <string>

#include "core/domain/error.hpp"

namespace itemctl::core {

// `env_value` is the value of ITEMCTL_SECRET_KEY (nullopt when unset).
// Errors: kInvalidArgument when the variable is set but shorter than 16
// characters; kStorage when the key file cannot be read or created, or is
// readable by group or others (naming the path and the mode).
// For ":memory:" databases a random in-process key is returned.
Result<std::string> LoadOrCreateSecretKey(const std::string& db_path,
                                          const std::optional<std::string>& env_value);

// Where a command or `serve` may take the pepper from, first found wins.
struct SecretKeySources {
  std::optional<std::string> env_value;  // ITEMCTL_SECRET_KEY
  std::optional<std::string> key_file;   // --secret-key-file: an existing file
};

// The pepper for the database `db` (the --db value): ITEMCTL_SECRET_KEY,
// else the --secret-key-file (which must exist, with the key file's rules),
// else for SQLite the key file beside the database (LoadOrCreateSecretKey).
// A PostgreSQL database is shared by instances on several machines, which
// must all use one pepper: without either source it is kInvalidArgument,
// never a key made up on one machine.
Result<std::string> LoadSecretKey(const std::string& db, const SecretKeySources& sources);

// Checks the pepper LoadSecretKey would use, never creating a key file
// (`itemctl doctor`): a sentence saying where it comes from, or
// LoadSecretKey's errors, plus kStorage when the key file beside a SQLite
// database does not exist (naming it and what to do).
Result<std::string> CheckSecretKey(const std::string& db, const SecretKeySources& sources);

}  // namespace itemctl::core
