#pragma once
// The audit trail (SPEC §10): who changed what, when and from where. An
// event names its actor, its source, an action from the fixed list below,
// its target, and the fields it changed with their new values; never a
// password, a hash or a token (a new password is recorded as changed, not
// as a value).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/domain/clock.hpp"
#include "core/domain/models.hpp"

namespace itemctl::core {

// Every action the trail records; also the values of `audit list --action`.
namespace audit_action {
inline constexpr const char* kUserAdd = "user.add";
inline constexpr const char* kUserUpdate = "user.update";
inline constexpr const char* kUserPasswd = "user.passwd";
inline constexpr const char* kUserDisable = "user.disable";
inline constexpr const char* kUserEnable = "user.enable";
inline constexpr const char* kUserUnlock = "user.unlock";
inline constexpr const char* kRoleGrant = "role.grant";
inline constexpr const char* kVersionAdd = "version.add";
inline constexpr const char* kVersionDeprecate = "version.deprecate";
inline constexpr const char* kVersionSupport = "version.support";
inline constexpr const char* kVersionSunset = "version.sunset";
inline constexpr const char* kTokenRevoke = "token.revoke";
inline constexpr const char* kTokenPurge = "token.purge";
inline constexpr const char* kItemUpdate = "item.update";
inline constexpr const char* kItemDelete = "item.delete";
inline constexpr const char* kDbCopy = "db.copy";
inline constexpr const char* kDbBackup = "db.backup";
}  // namespace audit_action

// The actions above, in that order.
const std::vector<std::string>& AuditActions();

inline constexpr const char* kAuditSourceApi = "api";
inline constexpr const char* kAuditSourceCli = "cli";

// A changed field's new value as the API would show it.
using AuditValue = std::variant<std::nullptr_t, bool, std::int64_t, std::string>;

struct AuditChange {
  std::string field;
  AuditValue value;
};

// What an event is about: `type` "user", "item", "version", "session",
// "database"; the id when the target has one; a name when it has one
// (username, item name, version label, file or database).
struct AuditTarget {
  std::string type;
  std::optional<Id> id;
  std::optional<std::string> name;
};

struct AuditEvent {
  Id id = 0;
  UnixSeconds at = 0;
  std::string actor;                   // a username, or "cli:<os user>"
  std::optional<Id> actor_id;          // the user behind an API change
  std::string source;                  // kAuditSourceApi or kAuditSourceCli
  std::optional<std::string> address;  // the API client's address
  std::string action;                  // one of audit_action
  AuditTarget target;
  std::vector<AuditChange> changes;
};

struct AuditFilter {
  std::optional<std::string> actor;   // exact actor name
  std::optional<std::string> action;  // exact action
  std::optional<UnixSeconds> since;   // events at or after this time
};

}  // namespace itemctl::core
