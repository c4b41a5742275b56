#include "core/services/bootstrap.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "core/services/sessions.hpp"
#include "core/storage/migrator.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

std::unique_ptr<core::Database> EmptyDatabase() {
  auto db = core::Database::Open(":memory:", core::OpenMode::kCreateIfMissing);
  REQUIRE(db);
  return std::move(*db);
}

std::int64_t UserCount(core::Database& db) {
  auto q = db.Prepare("SELECT count(*) FROM users");
  REQUIRE(q);
  auto row = q->Step();
  REQUIRE(row);
  REQUIRE(*row);
  return q->Int(0);
}

// The admin row: role, activated and password hash.
struct AdminRow {
  core::Id role_id = 0;
  bool activated = false;
  std::string password_hash;
};

AdminRow ReadAdmin(core::Database& db) {
  auto q = db.Prepare("SELECT role_id, activated, password_hash FROM users WHERE username = ?");
  REQUIRE(q);
  q->Bind("admin");
  auto row = q->Step();
  REQUIRE(row);
  REQUIRE(*row);
  return AdminRow{q->Int(0), q->Bool(1), q->Text(2)};
}

}  // namespace

TEST_CASE("the first run migrates and creates admin with the given password",
          "[core][bootstrap]") {
  auto db = EmptyDatabase();
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  auto report = core::Bootstrap(*db, clock, hasher, std::string("admin-secret-1"));
  REQUIRE(report);
  core::Migrator migrator(*db);
  CHECK(report->migrations_applied == migrator.LatestVersion());
  CHECK(migrator.RequireCurrent());
  CHECK(report->admin_created);
  CHECK_FALSE(report->generated_admin_password);

  AdminRow admin = ReadAdmin(*db);
  CHECK(admin.role_id == core::kRoleAdmin);
  CHECK(admin.activated);
  CHECK(admin.password_hash.rfind("$argon2id$", 0) == 0);
  CHECK(*hasher.Matches("admin-secret-1", admin.password_hash));

  core::Sessions sessions(*db, clock, hasher, core::AuthConfig{});
  auto login = sessions.Login("admin", "admin-secret-1", "cli");
  REQUIRE(login);
  auto principal = sessions.Authenticate(login->access_token);
  REQUIRE(principal);
  CHECK(principal->user.IsAdmin());
}

TEST_CASE("without ITEMCTL_ADMIN_PASSWORD a random password is returned once",
          "[core][bootstrap]") {
  auto db = EmptyDatabase();
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  auto report = core::Bootstrap(*db, clock, hasher, std::nullopt);
  REQUIRE(report);
  CHECK(report->admin_created);
  REQUIRE(report->generated_admin_password);
  const std::string& password = *report->generated_admin_password;
  CHECK(std::regex_match(password, std::regex("[A-Za-z0-9]{12,}")));
  CHECK(*hasher.Matches(password, ReadAdmin(*db).password_hash));

  auto other = core::Bootstrap(*EmptyDatabase(), clock, hasher, std::nullopt);
  REQUIRE(other);
  REQUIRE(other->generated_admin_password);
  CHECK(*other->generated_admin_password != password);
}

TEST_CASE("a second run creates nothing", "[core][bootstrap]") {
  auto db = EmptyDatabase();
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  REQUIRE(core::Bootstrap(*db, clock, hasher, std::nullopt));
  std::string hash = ReadAdmin(*db).password_hash;

  auto again = core::Bootstrap(*db, clock, hasher, std::string("another-secret-2"));
  REQUIRE(again);
  CHECK(again->migrations_applied == 0);
  CHECK_FALSE(again->admin_created);
  CHECK_FALSE(again->generated_admin_password);
  CHECK(UserCount(*db) == 1);
  CHECK(ReadAdmin(*db).password_hash == hash);
}

TEST_CASE("a database that already has users gets no admin", "[core][bootstrap]") {
  auto db = test::MigratedDatabase();
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  auto q = db->Prepare(
      "INSERT INTO users (username, password_hash, role_id, created_at) VALUES ('ops', 'x', 1, 0)");
  REQUIRE(q);
  REQUIRE(q->Run());

  auto report = core::Bootstrap(*db, clock, hasher, std::nullopt);
  REQUIRE(report);
  CHECK(report->migrations_applied == 0);
  CHECK_FALSE(report->admin_created);
  CHECK(UserCount(*db) == 1);
}

TEST_CASE("a weak ITEMCTL_ADMIN_PASSWORD is refused without creating admin",
          "[core][bootstrap]") {
  auto db = EmptyDatabase();
  core::ManualClock clock(test::kEpoch);
  core::PasswordHasher hasher("pepper-0123456789", kFast);
  auto report = core::Bootstrap(*db, clock, hasher, std::string("short"));
  REQUIRE_FALSE(report);
  CHECK(report.error().code == core::Errc::kInvalidArgument);
  CHECK(report.error().message ==
        "ITEMCTL_ADMIN_PASSWORD: password is too short: use at least 8 characters (got 5)");
  CHECK(UserCount(*db) == 0);
}
