#include "core/domain/audit.hpp"

namespace itemctl::core {

const std::vector<std::string>& AuditActions() {
  using namespace audit_action;
  static const std::vector<std::string> actions = {
      kUserAdd,          kUserUpdate,       kUserPasswd,     kUserDisable,    kUserEnable,
      kUserUnlock,       kRoleGrant,        kVersionAdd,     kVersionDeprecate, kVersionSupport,
      kVersionSunset,    kTokenRevoke,      kTokenPurge,     kItemUpdate,     kItemDelete,
      kDbCopy,           kDbBackup,
  };
  return actions;
}

}  // namespace itemctl::core
