#include "cmd/exit_code.hpp"

namespace itemctl::cmd {

// | code | meaning                                   | core::Errc                          |
// |------|-------------------------------------------|-------------------------------------|
// | 0    | success                                   | -                                   |
// | 1    | internal error (a bug, exhaustion)        | kInternal, kOverloaded, exceptions  |
// | 2    | usage error (bad flag, non-numeric id)    | - (CLI11 parse errors)              |
// | 3    | not found (item, user, role, session)     | kNotFound                           |
// | 4    | conflict (name already taken)             | kAlreadyExists                      |
// | 5    | invalid input or reference                | kInvalidArgument, kBadReference     |
// | 6    | refused (permission, credentials)         | kPermissionDenied, kUnauthenticated,|
// |      |                                           | kUnsupportedVersion,                |
// |      |                                           | kFailedPrecondition, kThrottled     |
// | 7    | database unavailable or schema mismatch   | kStorage, kSchemaOutOfDate          |
int ExitCode(core::Errc code) {
  switch (code) {  // no default: -Werror=switch catches a new code
    case core::Errc::kInvalidArgument:    return kExitInvalidInput;
    case core::Errc::kBadReference:       return kExitInvalidInput;
    case core::Errc::kNotFound:           return kExitNotFound;
    case core::Errc::kAlreadyExists:      return kExitConflict;
    case core::Errc::kUnauthenticated:    return kExitRefused;
    case core::Errc::kPermissionDenied:   return kExitRefused;
    case core::Errc::kFailedPrecondition: return kExitRefused;  // the last admin
    case core::Errc::kThrottled:          return kExitRefused;
    case core::Errc::kOverloaded:         return kExitInternal;  // try again
    case core::Errc::kUnsupportedVersion: return kExitRefused;
    case core::Errc::kSchemaOutOfDate:    return kExitDatabase;
    case core::Errc::kStorage:            return kExitDatabase;
    case core::Errc::kInternal:           return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace itemctl::cmd
