#pragma once
// The roles table (seeded by the first migration, read-only since), one
// implementation per engine. A missing role is kNotFound "role 3 not found"
// or "role 'owner' not found", detail kRoleNotFoundDetail.

#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

inline constexpr const char* kRoleNotFoundDetail = "Role not found";

class RoleStore {
 public:
  virtual ~RoleStore() = default;

  virtual Result<std::vector<Role>> List() = 0;
  virtual Result<Role> LoadById(Id id) = 0;
  virtual Result<Role> LoadByName(std::string_view name) = 0;
};

}  // namespace itemctl::core
