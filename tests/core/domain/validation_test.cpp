#include "core/domain/validation.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

using namespace itemctl;

namespace {

// The message of a failed check, which must be kInvalidArgument.
std::string Refusal(const core::Status& status) {
  REQUIRE_FALSE(status);
  CHECK(status.error().code == core::Errc::kInvalidArgument);
  CHECK(status.error().detail.empty());
  return status.error().message;
}

std::string Repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

}  // namespace

TEST_CASE("usernames of 1-30 letters, digits and . _ - @ are accepted", "[core][validation]") {
  CHECK(core::ValidateUsername("b"));
  CHECK(core::ValidateUsername("bob.smith_jr-2@example"));
  CHECK(core::ValidateUsername(std::string(30, 'x')));
}

TEST_CASE("other usernames are refused with a message naming the value", "[core][validation]") {
  CHECK(Refusal(core::ValidateUsername("a b")) ==
        "username 'a b' is invalid: use 1-30 letters, digits, '.', '_', '-' or '@'");
  CHECK(Refusal(core::ValidateUsername("")) ==
        "username '' is invalid: use 1-30 letters, digits, '.', '_', '-' or '@'");
  CHECK(Refusal(core::ValidateUsername(std::string(31, 'x'))) ==
        "username 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is invalid: use 1-30 letters, digits, '.', "
        "'_', '-' or '@'");
  CHECK_FALSE(core::ValidateUsername("bob!"));
  CHECK_FALSE(core::ValidateUsername("j\xc3\xb6rg"));
}

TEST_CASE("passwords need 8-256 characters and are never echoed", "[core][validation]") {
  CHECK(core::ValidatePassword("12345678"));
  CHECK(core::ValidatePassword(std::string(256, 'p')));
  CHECK(Refusal(core::ValidatePassword("hunter2")) ==
        "password is too short: use at least 8 characters (got 7)");
  CHECK(Refusal(core::ValidatePassword(std::string(257, 'p'))) ==
        "password is too long: use at most 256 characters (got 257)");
  CHECK(Refusal(core::ValidatePassword("pass\xffword")) ==
        "password is invalid: it is not valid UTF-8");
}

TEST_CASE("password length counts characters, not bytes", "[core][validation]") {
  std::string seven_accents = Repeat("\xc3\xa9", 7);  // 14 bytes
  CHECK(Refusal(core::ValidatePassword(seven_accents)) ==
        "password is too short: use at least 8 characters (got 7)");
  CHECK(core::ValidatePassword(Repeat("\xc3\xa9", 256)));
}

TEST_CASE("item names need 1-200 printable characters", "[core][validation]") {
  CHECK(core::ValidateItemName("Laptop"));
  CHECK(core::ValidateItemName(Repeat("\xe2\x82\xac", 200)));  // 200 euro signs, 600 bytes
  CHECK(Refusal(core::ValidateItemName("")) ==
        "item name '' is invalid: it must not be empty or blank");
  CHECK(Refusal(core::ValidateItemName("   ")) ==
        "item name '   ' is invalid: it must not be empty or blank");
  CHECK(Refusal(core::ValidateItemName(std::string(201, 'n'))) ==
        "item name '" + std::string(40, 'n') +
            "...' is invalid: use at most 200 characters (got 201)");
  CHECK(Refusal(core::ValidateItemName("two\nlines")) ==
        "item name 'two\\nlines' is invalid: it must not contain control characters");
  CHECK(Refusal(core::ValidateItemName("bell\x07")) ==
        "item name 'bell\\x07' is invalid: it must not contain control characters");
}

TEST_CASE("item names must be valid UTF-8", "[core][validation]") {
  const char* kBad[] = {"\xff", "caf\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
  for (const char* bad : kBad) {
    CHECK(Refusal(core::ValidateItemName(bad)) == "item name is invalid: it is not valid UTF-8");
  }
  CHECK(core::ValidateItemName("\xf0\x9f\x93\xa6 box"));
}

TEST_CASE("descriptions may be empty and hold up to 10000 characters", "[core][validation]") {
  CHECK(core::ValidateDescription(""));
  CHECK(core::ValidateDescription("line one\nline two\ttabbed"));
  CHECK(core::ValidateDescription(std::string(10000, 'd')));
  CHECK(Refusal(core::ValidateDescription(std::string(10001, 'd'))) ==
        "description is too long: use at most 10000 characters (got 10001)");
  CHECK(Refusal(core::ValidateDescription("\xfe")) ==
        "description is invalid: it is not valid UTF-8");
  // Other control characters are kept; U+0000 no engine stores alike.
  CHECK(Refusal(core::ValidateDescription(std::string("nul\0byte", 8))) ==
        "description is invalid: it must not contain a NUL character (U+0000)");
}

TEST_CASE("platforms and version labels are short tokens", "[core][validation]") {
  CHECK(core::ValidatePlatform("web"));
  CHECK(core::ValidatePlatform("android-14_beta.2"));
  CHECK(Refusal(core::ValidatePlatform("my phone")) ==
        "platform 'my phone' is invalid: use 1-32 letters, digits, '.', '_' or '-'");
  CHECK_FALSE(core::ValidatePlatform(""));
  CHECK_FALSE(core::ValidatePlatform(std::string(33, 'p')));
  CHECK(core::ValidateVersionLabel("1.0"));
  CHECK(core::ValidateVersionLabel("2.0-rc1"));
  CHECK(Refusal(core::ValidateVersionLabel("1 0")) ==
        "version '1 0' is invalid: use 1-32 letters, digits, '.', '_' or '-'");
  CHECK_FALSE(core::ValidateVersionLabel(""));
}

TEST_CASE("shown values are cut on a character boundary and escaped", "[core][validation]") {
  CHECK(core::ShownValue("short") == "short");
  CHECK(core::ShownValue(std::string(40, 'a')) == std::string(40, 'a'));
  CHECK(core::ShownValue(std::string(41, 'a')) == std::string(40, 'a') + "...");
  // 39 ASCII bytes then a 2-byte character: the character is kept whole.
  CHECK(core::ShownValue(std::string(39, 'a') + "\xc3\xa9zz") ==
        std::string(39, 'a') + "\xc3\xa9...");
  CHECK(core::ShownValue("a\tb\r\xff") == "a\\tb\\r\\xff");
}

TEST_CASE("a page request defaults to page 1 and the default limit", "[core][validation]") {
  core::ListingConfig config;
  auto request = core::MakePageRequest(std::nullopt, std::nullopt, config);
  REQUIRE(request);
  CHECK(request->page == 1);
  CHECK(request->limit == 20);

  config.default_limit = 10;
  config.max_limit = 50;
  request = core::MakePageRequest(3, std::nullopt, config);
  REQUIRE(request);
  CHECK(request->page == 3);
  CHECK(request->limit == 10);
}

TEST_CASE("a limit above the maximum is clamped, not refused", "[core][validation]") {
  core::ListingConfig config;
  auto request = core::MakePageRequest(2, 1000, config);
  REQUIRE(request);
  CHECK(request->page == 2);
  CHECK(request->limit == 20);
  config.max_limit = 100;
  request = core::MakePageRequest(1, 100, config);
  REQUIRE(request);
  CHECK(request->limit == 100);
}

TEST_CASE("page and limit below 1 are refused", "[core][validation]") {
  core::ListingConfig config;
  for (std::int64_t bad : std::initializer_list<std::int64_t>{0, -1, INT64_MIN}) {
    auto page = core::MakePageRequest(bad, 5, config);
    REQUIRE_FALSE(page);
    CHECK(page.error().code == core::Errc::kInvalidArgument);
    CHECK(page.error().message == "page must be an integer >= 1");
    auto limit = core::MakePageRequest(1, bad, config);
    REQUIRE_FALSE(limit);
    CHECK(limit.error().code == core::Errc::kInvalidArgument);
    CHECK(limit.error().message == "limit must be an integer >= 1");
  }
}
