#pragma once
// The wire shapes of SPEC §2, in one place. The API renders with these and
// the CLI's --json reuses them, so scripts see exactly what HTTP clients see.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/domain/audit.hpp"
#include "core/domain/models.hpp"
#include "core/services/sessions.hpp"
#include "core/services/users.hpp"
#include "core/storage/migrations.hpp"

namespace itemctl::web {

// {"id","username","role_id","activated","created_at","updated_at"}
nlohmann::json ToJson(const core::User& user);
// The user plus "password" when one was generated.
nlohmann::json ToJson(const core::CreatedUser& created);
// {"id","name","description","user_id","created_at","updated_at"}
nlohmann::json ToJson(const core::Item& item);
// The same object written into `out`, reusing its nodes and string buffers
// when it already holds one: a streamed listing fills one object per row
// (building a fresh one was half the CPU of `item list --all --json`).
void AssignJson(nlohmann::json& out, const core::Item& item);
// {"id","name"}
nlohmann::json ToJson(const core::Role& role);
// {"id","version","supported","sunset"}: sunset is the ISO 8601 time the
// version stops being served, or null when none is announced.
nlohmann::json ToJson(const core::ApiVersion& version);
// {"id","user_id","platform","created_at","last_used_at","access_expires_at","refresh_expires_at"}
nlohmann::json ToJson(const core::Session& session);
// {"id","at","actor","actor_id","source","address","action",
//  "target":{"type","id","name"},"changes":{field: new value}}
nlohmann::json ToJson(const core::AuditEvent& event);
// {"id", "access_token", "refresh_token", "expires", "token_type": "bearer"}
nlohmann::json ToJson(const core::IssuedTokens& tokens);
// {"version","name","applied_at","checksum"} for `migrate --status`.
nlohmann::json ToJson(const core::MigrationStatus& status);

template <typename T>
nlohmann::json ToJsonArray(const std::vector<T>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& row : rows) out.push_back(ToJson(row));
  return out;
}

// {"page","limit","total",<key>:[...]} with key "items" or "users".
template <typename T>
nlohmann::json ToJson(const core::Page<T>& page, const char* key) {
  return nlohmann::json{{"page", page.page},
                        {"limit", page.limit},
                        {"total", page.total},
                        {key, ToJsonArray(page.rows)}};
}

// {"detail": message}
nlohmann::json Detail(const std::string& message);

}  // namespace itemctl::web
