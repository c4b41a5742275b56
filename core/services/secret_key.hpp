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

}  // namespace itemctl::core
