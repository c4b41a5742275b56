#include "web/routes.hpp"

namespace itemctl::web {

void AddApiRoutes(Router& router, const AppContext& app) {
  AddHealthRoutes(router, app);
  AddAuthRoutes(router, app);
  AddUserRoutes(router, app);
  AddItemRoutes(router, app);
  AddRoleRoutes(router, app);
  AddVersionRoutes(router, app);
  AddAuditRoutes(router, app);
}

}  // namespace itemctl::web
