#pragma once
// The routes of SPEC §2, one registration function per resource file. Each
// handler parses the request, calls one core service as the caller and
// renders with json_mapping; permissions and validation rules live in core.

#include "web/app_context.hpp"
#include "web/router.hpp"

namespace itemctl::web {

// /auth/token, /auth/refresh, /auth/me, /auth/logout, /auth/sessions[/{session_id}]
void AddAuthRoutes(Router& router, const AppContext& app);
// /users, /users/{user_id}
void AddUserRoutes(Router& router, const AppContext& app);
// /items, /items/{item_id}
void AddItemRoutes(Router& router, const AppContext& app);
// /roles, /roles/{role_id}
void AddRoleRoutes(Router& router, const AppContext& app);
// /versions
void AddVersionRoutes(Router& router, const AppContext& app);
// /audit (admins)
void AddAuditRoutes(Router& router, const AppContext& app);
// /, /healthz, /readyz
void AddHealthRoutes(Router& router, const AppContext& app);

// Every route above. `app` must outlive the router.
void AddApiRoutes(Router& router, const AppContext& app);

}  // namespace itemctl::web
