#include "core/storage/audit_changes_codec.hpp"

#include <nlohmann/json.hpp>

namespace itemctl::core {

namespace {

// ordered_json keeps the fields in the order the service listed them.
using Json = nlohmann::ordered_json;

Json ToJson(const AuditValue& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

AuditValue FromJson(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_string()) return value.get<std::string>();
  return nullptr;
}

}  // namespace

std::string EncodeAuditChanges(const std::vector<AuditChange>& changes) {
  Json object = Json::object();
  for (const AuditChange& change : changes) object[change.field] = ToJson(change.value);
  // Replacement, not an exception, for text that is not UTF-8.
  return object.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<AuditChange> DecodeAuditChanges(const std::string& text) {
  Json object = Json::parse(text, nullptr, false);
  std::vector<AuditChange> changes;
  if (!object.is_object()) return changes;
  for (const auto& [field, value] : object.items()) changes.push_back({field, FromJson(value)});
  return changes;
}

}  // namespace itemctl::core
