#pragma once
// The SQL of the roles table (seeded by the first migration, read-only
// since). A missing role is kNotFound "role 3 not found" or
// "role 'owner' not found", detail "Role not found".

#include <string_view>
#include <vector>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/database.hpp"

namespace itemctl::core {

inline constexpr const char* kRoleNotFoundDetail = "Role not found";

Result<std::vector<Role>> ListRoles(Database& db);
Result<Role> LoadRoleById(Database& db, Id id);
Result<Role> LoadRoleByName(Database& db, std::string_view name);

}  // namespace itemctl::core
