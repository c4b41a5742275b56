#include "web/request_parsing.hpp"

#include <httplib.h>
#include <catch2/catch.hpp>

using namespace itemctl;

namespace {

httplib::Request WithAuthorization(const std::string& value) {
  httplib::Request request;
  request.set_header("Authorization", value);
  return request;
}

httplib::Request WithQuery(const std::string& query) {
  httplib::Request request;
  httplib::detail::parse_query_text(query, request.params);
  return request;
}

}  // namespace

TEST_CASE("a bearer token is read with or without the Bearer scheme", "[web][parsing]") {
  CHECK(*web::BearerToken(WithAuthorization("Bearer abc123")) == "abc123");
  CHECK(*web::BearerToken(WithAuthorization("bearer   abc123 ")) == "abc123");
  CHECK(*web::BearerToken(WithAuthorization("abc123")) == "abc123");
}

TEST_CASE("a missing, empty or non-bearer Authorization header is not authenticated",
          "[web][parsing]") {
  for (const httplib::Request& request :
       {httplib::Request(), WithAuthorization(""), WithAuthorization("Bearer"),
        WithAuthorization("Bearer   "), WithAuthorization("Basic YWRtaW46eA==")}) {
    auto token = web::BearerToken(request);
    REQUIRE_FALSE(token);
    CHECK(token.error().code == core::Errc::kUnauthenticated);
    CHECK(token.error().message == "Not authenticated");
  }
}

TEST_CASE("an empty body reads as an empty object", "[web][parsing]") {
  auto body = web::ParseJsonObject("  ");
  REQUIRE(body);
  CHECK(*body == nlohmann::json::object());
}

TEST_CASE("a body that is not JSON, or not an object, is refused", "[web][parsing]") {
  auto garbage = web::ParseJsonObject("name=x");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().code == core::Errc::kInvalidArgument);
  CHECK(garbage.error().message == "request body is not valid JSON");
  auto array = web::ParseJsonObject("[1, 2]");
  REQUIRE_FALSE(array);
  CHECK(array.error().message == "request body must be a JSON object");
}

TEST_CASE("a body nested deeper than 64 levels is refused, 64 levels are not", "[web][parsing]") {
  std::string ok = std::string("{\"a\":") + std::string(63, '[') + std::string(63, ']') + "}";
  auto at_limit = web::ParseJsonObject(ok);
  REQUIRE(at_limit);
  std::string deep = std::string("{\"a\":") + std::string(64, '[') + std::string(64, ']') + "}";
  auto over = web::ParseJsonObject(deep);
  REQUIRE_FALSE(over);
  CHECK(over.error().code == core::Errc::kInvalidArgument);
  CHECK(over.error().message == "request body nests deeper than 64 levels");
  // Unclosed nesting is refused by depth, not read to the end.
  auto unclosed = web::ParseJsonObject(std::string(1 << 20, '['));
  REQUIRE_FALSE(unclosed);
  CHECK(unclosed.error().message == "request body nests deeper than 64 levels");
}

TEST_CASE("field readers name the first missing or mistyped field", "[web][parsing]") {
  nlohmann::json body = {{"name", "x"}, {"count", "3"}, {"flag", 1}, {"none", nullptr}};
  {
    web::FieldReader reader(body);
    CHECK(reader.RequiredString("name") == "x");
    CHECK_FALSE(reader.OptionalString("none"));
    CHECK_FALSE(reader.OptionalInteger("absent"));
    REQUIRE(reader.ok());
    reader.RequiredString("username");
    reader.RequiredInteger("count");
    REQUIRE_FALSE(reader.ok());
    CHECK(reader.error().message == "field 'username' is required");
  }
  {
    web::FieldReader reader(body);
    reader.OptionalInteger("count");
    CHECK(reader.error().message == "field 'count' must be an integer");
  }
  {
    web::FieldReader reader(body);
    reader.OptionalBool("flag");
    CHECK(reader.error().message == "field 'flag' must be a boolean");
  }
  {
    web::FieldReader reader(body);
    reader.RequiredString("flag");
    CHECK(reader.error().message == "field 'flag' must be a string");
  }
  {
    nlohmann::json huge = {{"role_id", 18446744073709551615ULL}};
    web::FieldReader reader(huge);
    reader.RequiredInteger("role_id");
    CHECK(reader.error().message == "field 'role_id' must be an integer");
  }
}

TEST_CASE("query integers must be whole numbers at or above their minimum", "[web][parsing]") {
  for (const char* query : {"page=0", "page=-1", "page=abc", "page=", "page=1.5", "page=2x",
                            "page=99999999999999999999"}) {
    httplib::Request request = WithQuery(query);
    web::QueryReader reader(request);
    CHECK_FALSE(reader.Integer("page", 1));
    REQUIRE_FALSE(reader.ok());
    CHECK(reader.error().message == "page must be an integer >= 1");
  }
  httplib::Request request = WithQuery("page=3");
  web::QueryReader reader(request);
  CHECK(reader.Integer("page", 1) == 3);
  CHECK_FALSE(reader.Integer("limit", 1));
  CHECK(reader.ok());
}

TEST_CASE("query booleans accept the usual spellings", "[web][parsing]") {
  auto read = [](const std::string& query) {
    httplib::Request request = WithQuery(query);
    web::QueryReader reader(request);
    std::optional<bool> value = reader.Bool("activated");
    return reader.ok() ? (value ? std::string(*value ? "true" : "false") : "absent")
                       : reader.error().message;
  };
  CHECK(read("activated=true") == "true");
  CHECK(read("activated=0") == "false");
  CHECK(read("activated=OFF") == "false");
  CHECK(read("page=1") == "absent");
  CHECK(read("activated=maybe") == "activated must be true or false");
}

TEST_CASE("path ids are positive decimal integers", "[web][parsing]") {
  CHECK(*web::ParseId("item_id", "42") == 42);
  for (const char* text : {"0", "-3", "abc", "", "4.0", "+5", "1e3"}) {
    auto id = web::ParseId("item_id", text);
    REQUIRE_FALSE(id);
    CHECK(id.error().message == "item_id must be an integer >= 1");
  }
}

TEST_CASE("a form body becomes an object of strings, first value winning", "[web][parsing]") {
  nlohmann::json form =
      web::ParseFormUrlEncoded("grant_type=password&username=bob%40x&password=a+b%26c&username=z");
  CHECK(form ==
        nlohmann::json{{"grant_type", "password"}, {"username", "bob@x"}, {"password", "a b&c"}});
  httplib::Request request;
  request.set_header("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=utf-8");
  CHECK(web::IsFormUrlEncoded(request));
}
