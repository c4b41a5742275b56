#pragma once
// SPEC §8 "Admin safety": an instance always keeps one active admin, whoever
// asks (API or CLI). The user and role services call this inside the write
// transaction (Store::Transact) that makes the change, so the count and the
// write cannot race with another demotion.

#include <optional>

#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/storage/user_store.hpp"

namespace itemctl::core {

inline constexpr const char* kLastAdminDetail = "Cannot remove the last admin";

// Whether setting `new_role` and `activated` (nullopt: unchanged) takes
// `target` out of the active admins.
bool RemovesActiveAdmin(const User& target, std::optional<Id> new_role,
                        std::optional<bool> activated);

// Ok when the change is harmless or another active admin remains; else
// kFailedPrecondition "cannot remove the last admin: 'root' is the only
// active admin" (detail kLastAdminDetail).
Status KeepAnActiveAdmin(UserStore& users, const User& target, std::optional<Id> new_role,
                         std::optional<bool> activated);

}  // namespace itemctl::core
