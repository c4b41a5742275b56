#include "core/services/bootstrap.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

// A database (empty, or migrated) with the services Bootstrap runs on.
struct Boot {
  explicit Boot(std::unique_ptr<test::TestDatabase> database) : db(std::move(database)) {}
  std::unique_ptr<test::TestDatabase> db;
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", kFast};
  core::ServiceDeps deps{clock, &hasher};
  core::ServiceSet services{db->store(), deps};

  core::Result<core::BootstrapReport> Run(std::optional<std::string> admin_password) {
    return core::Bootstrap(services, core::Actor::System(), admin_password);
  }
  std::int64_t UserCount() { return db->Int("SELECT count(*) FROM users"); }
  std::string AdminHash() {
    return db->Text("SELECT password_hash FROM users WHERE username = 'admin'");
  }
};

}  // namespace

TEST_CASE("the first run migrates and creates admin with the given password",
          "[db][core][bootstrap]") {
  Boot boot(test::EmptyDatabase());
  auto report = boot.Run(std::string("admin-secret-1"));
  REQUIRE(report);
  core::SchemaMigrator& schema = boot.services.schema();
  CHECK(report->migrations_applied == schema.LatestVersion());
  CHECK(schema.RequireCurrent());
  CHECK(report->admin_created);
  CHECK_FALSE(report->generated_admin_password);

  auto admin = boot.db->store().users().LoadByUsername("admin");
  REQUIRE(admin);
  CHECK(admin->role_id == core::kRoleAdmin);
  CHECK(admin->activated);
  std::string hash = boot.AdminHash();
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(*boot.hasher.Matches("admin-secret-1", hash));

  core::Sessions sessions = boot.services.sessions();
  auto login = sessions.Login("admin", "admin-secret-1", "cli");
  REQUIRE(login);
  auto principal = sessions.Authenticate(login->access_token);
  REQUIRE(principal);
  CHECK(principal->user.IsAdmin());
}

TEST_CASE("without ITEMCTL_ADMIN_PASSWORD a random password is returned once",
          "[db][core][bootstrap]") {
  Boot boot(test::EmptyDatabase());
  auto report = boot.Run(std::nullopt);
  REQUIRE(report);
  CHECK(report->admin_created);
  REQUIRE(report->generated_admin_password);
  const std::string& password = *report->generated_admin_password;
  CHECK(std::regex_match(password, std::regex("[A-Za-z0-9]{12,}")));
  CHECK(*boot.hasher.Matches(password, boot.AdminHash()));

  Boot second(test::EmptyDatabase());
  auto other = second.Run(std::nullopt);
  REQUIRE(other);
  REQUIRE(other->generated_admin_password);
  CHECK(*other->generated_admin_password != password);
}

TEST_CASE("a second run creates nothing", "[db][core][bootstrap]") {
  Boot boot(test::EmptyDatabase());
  REQUIRE(boot.Run(std::nullopt));
  std::string hash = boot.AdminHash();

  auto again = boot.Run(std::string("another-secret-2"));
  REQUIRE(again);
  CHECK(again->migrations_applied == 0);
  CHECK_FALSE(again->admin_created);
  CHECK_FALSE(again->generated_admin_password);
  CHECK(boot.UserCount() == 1);
  CHECK(boot.AdminHash() == hash);
}

TEST_CASE("a database that already has users gets no admin", "[db][core][bootstrap]") {
  Boot boot(test::MigratedDatabase());
  boot.db->AddUser("ops", core::kRoleAdmin);

  auto report = boot.Run(std::nullopt);
  REQUIRE(report);
  CHECK(report->migrations_applied == 0);
  CHECK_FALSE(report->admin_created);
  CHECK(boot.UserCount() == 1);
}

TEST_CASE("a weak ITEMCTL_ADMIN_PASSWORD is refused without creating admin",
          "[db][core][bootstrap]") {
  Boot boot(test::EmptyDatabase());
  auto report = boot.Run(std::string("short"));
  REQUIRE_FALSE(report);
  CHECK(report.error().code == core::Errc::kInvalidArgument);
  CHECK(report.error().message ==
        "ITEMCTL_ADMIN_PASSWORD: password is too short: use at least 8 characters (got 5)");
  CHECK(boot.UserCount() == 0);
}
