#pragma once
// The process exit codes of `itemctl`, and the one mapping from core::Errc to
// them (see the table in exit_code.cpp). Scripts may rely on these numbers.

#include "core/domain/error.hpp"

namespace itemctl::cmd {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitConflict = 4;
inline constexpr int kExitInvalidInput = 5;
inline constexpr int kExitRefused = 6;
inline constexpr int kExitDatabase = 7;

// The exit code for a failed command.
int ExitCode(core::Errc code);

}  // namespace itemctl::cmd
