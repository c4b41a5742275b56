#include "web/request_parsing.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "web/header_text.hpp"

namespace itemctl::web {

namespace {

std::string MustBe(const std::string& name, const char* what) {
  return "field '" + name + "' must be " + what;
}

// Counts nesting only, so a body like 1 MiB of `[` is refused after 65
// levels instead of growing a document of a million nested arrays.
class DepthLimit final : public nlohmann::json::json_sax_t {
 public:
  using json = nlohmann::json;
  bool too_deep() const { return too_deep_; }

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(json::number_integer_t) override { return true; }
  bool number_unsigned(json::number_unsigned_t) override { return true; }
  bool number_float(json::number_float_t, const json::string_t&) override { return true; }
  bool string(json::string_t&) override { return true; }
  bool binary(json::binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Enter(); }
  bool key(json::string_t&) override { return true; }
  bool end_object() override { return Leave(); }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_array() override { return Leave(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Enter() {
    too_deep_ = ++depth_ > kMaxJsonDepth;
    return !too_deep_;
  }
  bool Leave() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

void FirstError::Set(std::string message) {
  if (!error_) error_ = core::MakeError(core::Errc::kInvalidArgument, std::move(message));
}

const nlohmann::json* FieldReader::Find(const std::string& name, bool required) {
  auto it = object_.find(name);
  if (it == object_.end()) {
    if (required) first_.Set("field '" + name + "' is required");
    return nullptr;
  }
  if (it->is_null() && !required) return nullptr;
  return &*it;
}

std::string FieldReader::RequiredString(const std::string& name) {
  if (const nlohmann::json* field = Find(name, true)) {
    if (field->is_string()) return field->get<std::string>();
    first_.Set(MustBe(name, "a string"));
  }
  return {};
}

std::optional<std::string> FieldReader::OptionalString(const std::string& name) {
  const nlohmann::json* field = Find(name, false);
  if (field == nullptr) return std::nullopt;
  if (field->is_string()) return field->get<std::string>();
  first_.Set(MustBe(name, "a string"));
  return std::nullopt;
}

std::int64_t FieldReader::RequiredInteger(const std::string& name) {
  if (const nlohmann::json* field = Find(name, true)) {
    if (field->is_number_integer() && !field->is_number_unsigned())
      return field->get<std::int64_t>();
    if (field->is_number_unsigned() &&
        field->get<std::uint64_t>() <=
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(field->get<std::uint64_t>());
    }
    first_.Set(MustBe(name, "an integer"));
  }
  return 0;
}

std::optional<std::int64_t> FieldReader::OptionalInteger(const std::string& name) {
  if (Find(name, false) == nullptr) return std::nullopt;
  std::int64_t value = RequiredInteger(name);
  if (!first_.ok()) return std::nullopt;
  return value;
}

std::optional<bool> FieldReader::OptionalBool(const std::string& name) {
  const nlohmann::json* field = Find(name, false);
  if (field == nullptr) return std::nullopt;
  if (field->is_boolean()) return field->get<bool>();
  first_.Set(MustBe(name, "a boolean"));
  return std::nullopt;
}

std::optional<std::string> QueryReader::String(const std::string& name) {
  if (!request_.has_param(name)) return std::nullopt;
  return request_.get_param_value(name);
}

std::optional<std::int64_t> QueryReader::Integer(const std::string& name, std::int64_t minimum) {
  if (!request_.has_param(name)) return std::nullopt;
  std::optional<std::int64_t> value = ParseInt64(request_.get_param_value(name));
  if (!value || *value < minimum) {
    first_.Set(name + " must be an integer >= " + std::to_string(minimum));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> QueryReader::Bool(const std::string& name) {
  if (!request_.has_param(name)) return std::nullopt;
  std::string text = request_.get_param_value(name);
  for (const char* yes : {"true", "1", "yes", "on"}) {
    if (EqualsIgnoreCase(text, yes)) return true;
  }
  for (const char* no : {"false", "0", "no", "off"}) {
    if (EqualsIgnoreCase(text, no)) return false;
  }
  first_.Set(name + " must be true or false");
  return std::nullopt;
}

core::Result<nlohmann::json> ParseJsonObject(const std::string& body) {
  if (TrimOws(body).empty()) return nlohmann::json::object();
  DepthLimit depth;
  if (!nlohmann::json::sax_parse(body, &depth) && depth.too_deep()) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           "request body nests deeper than " + std::to_string(kMaxJsonDepth) +
                               " levels");
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return core::MakeError(core::Errc::kInvalidArgument, "request body is not valid JSON");
  }
  if (!parsed.is_object()) {
    return core::MakeError(core::Errc::kInvalidArgument, "request body must be a JSON object");
  }
  return parsed;
}

bool IsFormUrlEncoded(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  std::string_view media = TrimOws(std::string_view(type).substr(0, type.find(';')));
  return EqualsIgnoreCase(media, "application/x-www-form-urlencoded");
}

nlohmann::json ParseFormUrlEncoded(const std::string& body) {
  httplib::Params params;
  httplib::detail::parse_query_text(body, params);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : params) {
    if (!out.contains(key)) out[key] = value;
  }
  return out;
}

core::Result<nlohmann::json> LoginFields(const httplib::Request& request) {
  if (!IsFormUrlEncoded(request)) return ParseJsonObject(request.body);
  nlohmann::json form = ParseFormUrlEncoded(request.body);
  // Like FastAPI's OAuth2PasswordRequestForm, grant_type may be left out.
  if (form.contains("grant_type") && form["grant_type"] != "password") {
    return core::MakeError(core::Errc::kInvalidArgument, "grant_type must be 'password'");
  }
  return form;
}

std::optional<std::int64_t> ParseInt64(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

core::Result<core::Id> ParseId(std::string_view name, std::string_view text) {
  std::optional<std::int64_t> value = ParseInt64(text);
  if (!value || *value < 1) {
    return core::MakeError(core::Errc::kInvalidArgument,
                           std::string(name) + " must be an integer >= 1");
  }
  return *value;
}

core::Result<std::string> BearerToken(const httplib::Request& request) {
  const core::Error missing = core::MakeError(core::Errc::kUnauthenticated, kNotAuthenticated);
  if (!request.has_header("Authorization")) return missing;
  std::string header = request.get_header_value("Authorization");
  std::string_view value = TrimOws(header);
  std::size_t space = value.find(' ');
  if (space != std::string_view::npos) {
    if (!EqualsIgnoreCase(value.substr(0, space), "Bearer")) return missing;
    value = TrimOws(value.substr(space + 1));
  }
  // A lone scheme name is no token at all.
  if (value.empty() || EqualsIgnoreCase(value, "Bearer")) return missing;
  return std::string(value);
}

}  // namespace itemctl::web
