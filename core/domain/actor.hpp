#pragma once
// Who performs a use case. The API acts as the authenticated user; the CLI
// acts as the database owner (admin rights, no user row behind it).

#include <string>

#include "core/domain/models.hpp"

namespace itemctl::core {

struct Actor {
  Id user_id = 0;  // 0 for the system actor
  bool admin = false;
  // The session the request came in on (API); 0 for the CLI. A self-service
  // password change keeps this one session.
  Id session_id = 0;
  // For the audit trail: the username, or "cli:<os user>" for the system
  // actor; and the API client's address (empty for the CLI).
  std::string name = {};
  std::string address = {};

  static Actor System(std::string name = "cli") { return Actor{0, true, 0, std::move(name), {}}; }
  static Actor Of(const User& user) { return Actor{user.id, user.IsAdmin(), 0, user.username, {}}; }
  bool IsSystem() const { return user_id == 0; }
};

}  // namespace itemctl::core
