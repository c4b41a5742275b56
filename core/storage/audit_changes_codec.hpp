#pragma once
// The audit_events row on either engine: its columns in the order both
// stores read them, and the `changes` column, a JSON object of field names
// and their new values ({"role_id":1,"activated":false}).

#include <string>
#include <vector>

#include "core/domain/audit.hpp"

namespace itemctl::core {

inline constexpr const char* kAuditColumns =
    "id, at, actor, actor_id, source, address, action, target_type, target_id, target_name,"
    " changes";

std::string EncodeAuditChanges(const std::vector<AuditChange>& changes);
// Fields in stored order; a value that is not a JSON object decodes to no
// changes (the column is only written by EncodeAuditChanges).
std::vector<AuditChange> DecodeAuditChanges(const std::string& text);

}  // namespace itemctl::core
