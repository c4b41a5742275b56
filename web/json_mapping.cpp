#include "web/json_mapping.hpp"

namespace itemctl::web {

namespace {

nlohmann::json OptionalTime(const std::optional<core::UnixSeconds>& t) {
  return t ? nlohmann::json(core::FormatIso8601(*t)) : nlohmann::json(nullptr);
}

// Into a string slot, the text replaces the old in its buffer.
void AssignString(nlohmann::json& slot, std::string_view text) {
  if (slot.is_string()) {
    slot.get_ref<std::string&>().assign(text);
  } else {
    slot = std::string(text);
  }
}

void AssignOptional(nlohmann::json& slot, const std::optional<std::string>& text) {
  if (text) {
    AssignString(slot, *text);
  } else {
    slot = nullptr;
  }
}

}  // namespace

nlohmann::json ToJson(const core::User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"role_id", user.role_id},
          {"activated", user.activated},
          {"created_at", core::FormatIso8601(user.created_at)},
          {"updated_at", OptionalTime(user.updated_at)}};
}

nlohmann::json ToJson(const core::CreatedUser& created) {
  nlohmann::json out = ToJson(created.user);
  if (created.generated_password) out["password"] = *created.generated_password;
  return out;
}

nlohmann::json ToJson(const core::Item& item) {
  nlohmann::json out;
  AssignJson(out, item);
  return out;
}

void AssignJson(nlohmann::json& out, const core::Item& item) {
  if (!out.is_object()) out = nlohmann::json::object();
  out["id"] = item.id;
  AssignString(out["name"], item.name);
  AssignOptional(out["description"], item.description);
  out["user_id"] = item.user_id;
  AssignString(out["created_at"], core::FormatIso8601(item.created_at));
  AssignOptional(out["updated_at"], item.updated_at
                                        ? std::optional(core::FormatIso8601(*item.updated_at))
                                        : std::nullopt);
}

nlohmann::json ToJson(const core::Role& role) { return {{"id", role.id}, {"name", role.name}}; }

nlohmann::json ToJson(const core::ApiVersion& version) {
  std::optional<core::UnixSeconds> sunset;
  if (version.sunset) sunset = version.sunset->at;
  return {{"id", version.id},
          {"version", version.version},
          {"supported", version.supported},
          {"sunset", OptionalTime(sunset)}};
}

nlohmann::json ToJson(const core::Session& session) {
  return {{"id", session.id},
          {"user_id", session.user_id},
          {"platform", session.platform},
          {"created_at", core::FormatIso8601(session.created_at)},
          {"last_used_at", OptionalTime(session.last_used_at)},
          {"access_expires_at", core::FormatIso8601(session.access_expires_at)},
          {"refresh_expires_at", core::FormatIso8601(session.refresh_expires_at)}};
}

nlohmann::json ToJson(const core::AuditEvent& event) {
  auto optional = [](const auto& value) -> nlohmann::json {
    if (!value) return nullptr;
    return *value;
  };
  nlohmann::json changes = nlohmann::json::object();
  for (const core::AuditChange& change : event.changes) {
    std::visit([&](const auto& value) { changes[change.field] = value; }, change.value);
  }
  return {{"id", event.id},
          {"at", core::FormatIso8601(event.at)},
          {"actor", event.actor},
          {"actor_id", optional(event.actor_id)},
          {"source", event.source},
          {"address", optional(event.address)},
          {"action", event.action},
          {"target",
           {{"type", event.target.type},
            {"id", optional(event.target.id)},
            {"name", optional(event.target.name)}}},
          {"changes", std::move(changes)}};
}

nlohmann::json ToJson(const core::IssuedTokens& tokens) {
  return {{"id", tokens.user_id},
          {"access_token", tokens.access_token},
          {"refresh_token", tokens.refresh_token},
          {"expires", tokens.expires_in},
          {"token_type", "bearer"}};
}

nlohmann::json ToJson(const core::MigrationStatus& status) {
  return {{"version", status.migration.version},
          {"name", status.migration.name},
          {"applied_at", OptionalTime(status.applied_at)},
          {"checksum", status.migration.checksum}};
}

nlohmann::json Detail(const std::string& message) { return {{"detail", message}}; }

}  // namespace itemctl::web
