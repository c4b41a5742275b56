#pragma once
// The `changes` column of audit_events on either engine: a JSON object of
// field names and their new values ({"role_id":1,"activated":false}).

#include <string>
#include <vector>

#include "core/domain/audit.hpp"

namespace itemctl::core {

std::string EncodeAuditChanges(const std::vector<AuditChange>& changes);
// Fields in stored order; a value that is not a JSON object decodes to no
// changes (the column is only written by EncodeAuditChanges).
std::vector<AuditChange> DecodeAuditChanges(const std::string& text);

}  // namespace itemctl::core
