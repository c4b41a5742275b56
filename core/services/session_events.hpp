#pragma once
// What the session service reports about sessions without knowing how a
// front end logs or counts it: web/ logs a warning and counts a metric, the
// CLI passes none. Implementations are called from every worker thread and
// must be thread-safe; they must not call back into Sessions.

#include "core/domain/models.hpp"

namespace itemctl::core {

class SessionEvents {
 public:
  virtual ~SessionEvents() = default;

  // A refresh token that `session` had already rotated out was presented
  // again (a theft signal). The whole session has been ended, and the
  // request is refused as "Invalid credentials", before this is called.
  virtual void RefreshTokenReused(const Session& session) = 0;
};

}  // namespace itemctl::core
