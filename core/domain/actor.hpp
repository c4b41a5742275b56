#pragma once
// Who performs a use case. The API acts as the authenticated user; the CLI
// acts as the database owner (admin rights, no user row behind it).

#include "core/domain/models.hpp"

namespace itemctl::core {

struct Actor {
  Id user_id = 0;  // 0 for the system actor
  bool admin = false;
  // The session the request came in on (API); 0 for the CLI. A self-service
  // password change keeps this one session.
  Id session_id = 0;

  static Actor System() { return Actor{0, true, 0}; }
  static Actor Of(const User& user) { return Actor{user.id, user.IsAdmin(), 0}; }
  bool IsSystem() const { return user_id == 0; }
};

}  // namespace itemctl::core
