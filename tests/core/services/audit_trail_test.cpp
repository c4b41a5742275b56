#include "core/services/audit_trail.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/services/audit_purge.hpp"
#include "core/services/service_set.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr const char* kBobPassword = "bob-secret-password-1";

// Services over a migrated database with a fast hasher, an admin made by
// the CLI (`root`) and a plain user made by root through the API (`bob`).
struct Fixture {
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"test-pepper-0123456789", core::Argon2Params{8, 1, 1}};
  core::ServiceDeps deps{clock, &hasher};
  core::ServiceSet services{db->store(), deps};
  core::Actor cli = core::Actor::System("cli:ops");
  core::User root = Create(cli, "root", core::kRoleAdmin, "root-secret-password");
  core::Actor api_root = ApiActor(root);
  core::User bob = Create(api_root, "bob", core::kRoleUser, kBobPassword);

  core::User Create(const core::Actor& actor, const std::string& name, core::Id role,
                    const std::string& password) {
    auto created = services.users().Add(actor, {name, role, password});
    REQUIRE(created);
    return created->user;
  }
  static core::Actor ApiActor(const core::User& user) {
    core::Actor actor = core::Actor::Of(user);
    actor.address = "203.0.113.7";
    return actor;
  }
  std::vector<core::AuditEvent> Events(core::AuditFilter filter = {}) {
    auto page = services.audit().List(cli, filter, {1, 1000});
    REQUIRE(page);
    CHECK(page->total == static_cast<std::int64_t>(page->rows.size()));
    return page->rows;
  }
  std::int64_t Count() { return db->Int("SELECT count(*) FROM audit_events"); }
  core::AuditEvent Newest() {
    std::vector<core::AuditEvent> events = Events();
    REQUIRE_FALSE(events.empty());
    return events.front();
  }
};

std::string ChangesOf(const core::AuditEvent& event) {
  std::string text;
  for (const core::AuditChange& change : event.changes) {
    text += change.field + "=";
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            text += "null";
          } else if constexpr (std::is_same_v<T, bool>) {
            text += value ? "true" : "false";
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            text += std::to_string(value);
          } else {
            text += value;
          }
        },
        change.value);
    text += ";";
  }
  return text;
}

}  // namespace

TEST_CASE("a user added from the CLI and one added through the API are both recorded",
          "[db][core][audit]") {
  Fixture f;
  std::vector<core::AuditEvent> events = f.Events();
  REQUIRE(events.size() == 2);
  const core::AuditEvent& api = events[0];
  CHECK(api.action == "user.add");
  CHECK(api.actor == "root");
  CHECK(api.actor_id == f.root.id);
  CHECK(api.source == "api");
  CHECK(api.address == "203.0.113.7");
  CHECK(api.target.type == "user");
  CHECK(api.target.id == f.bob.id);
  CHECK(api.target.name == "bob");
  CHECK(ChangesOf(api) == "username=bob;role_id=2;");
  CHECK(api.at == test::kEpoch);
  const core::AuditEvent& cli = events[1];
  CHECK(cli.actor == "cli:ops");
  CHECK_FALSE(cli.actor_id);
  CHECK(cli.source == "cli");
  CHECK_FALSE(cli.address);
  CHECK(cli.target.name == "root");
}

TEST_CASE("every audited user change is recorded with its fields and never a password",
          "[db][core][audit]") {
  Fixture f;
  core::Users users = f.services.users();
  REQUIRE(users.Update(f.api_root, f.bob.id, {std::string("robert"), {}, {}, {}}));
  CHECK(f.Newest().action == "user.update");
  CHECK(ChangesOf(f.Newest()) == "username=robert;");
  CHECK(f.Newest().target.name == "robert");

  REQUIRE(users.Update(f.cli, f.bob.id, {{}, std::string("new-password-for-bob"), {}, {}}));
  CHECK(f.Newest().action == "user.passwd");
  CHECK(ChangesOf(f.Newest()) == "password=(changed);");

  REQUIRE(users.Disable(f.api_root, f.bob.id));
  CHECK(f.Newest().action == "user.disable");
  CHECK(ChangesOf(f.Newest()) == "activated=false;");
  REQUIRE(users.Enable(f.cli, f.bob.id));
  CHECK(f.Newest().action == "user.enable");
  CHECK(ChangesOf(f.Newest()) == "activated=true;");

  REQUIRE(f.services.roles().Grant(f.cli, "robert", "admin"));
  CHECK(f.Newest().action == "role.grant");
  CHECK(ChangesOf(f.Newest()) == "role_id=1;role=admin;");

  REQUIRE(f.services.login_throttle().Unlock(f.cli, "robert"));
  CHECK(f.Newest().action == "user.unlock");
  CHECK(ChangesOf(f.Newest()) == "failed_logins_cleared=0;");
  CHECK(f.Count() == 8);

  // No secret anywhere in the table, whatever the column.
  for (const std::string& secret : {std::string(kBobPassword), std::string("new-password-for-bob"),
                                    std::string("root-secret-password")}) {
    CHECK(f.db->Int("SELECT count(*) FROM audit_events WHERE changes LIKE '%" + secret +
                    "%' OR coalesce(target_name, '') LIKE '%" + secret + "%'") == 0);
  }
  CHECK(f.db->Int("SELECT count(*) FROM audit_events WHERE changes LIKE '%$argon2%'") == 0);
}

TEST_CASE("a refused or failed change leaves no audit event", "[db][core][audit]") {
  Fixture f;
  std::int64_t before = f.Count();
  core::Users users = f.services.users();
  CHECK_FALSE(users.Add(f.cli, {"bob", core::kRoleUser, "another-password-1"}));  // taken
  CHECK_FALSE(users.Disable(core::Actor::Of(f.bob), f.root.id));                // not allowed
  CHECK_FALSE(users.Disable(f.cli, f.root.id));                                 // last admin
  CHECK_FALSE(f.services.roles().Grant(f.cli, "nobody", "admin"));
  CHECK_FALSE(f.services.versions().SetSupported(f.cli, "9.9", false));
  CHECK(f.Count() == before);
}

TEST_CASE("reads record nothing", "[db][core][audit]") {
  Fixture f;
  std::int64_t before = f.Count();
  CHECK(f.services.users().List({}, {1, 20}));
  CHECK(f.services.users().Get(f.bob.id));
  CHECK(f.services.versions().List());
  CHECK(f.services.items().List({}, {1, 20}));
  CHECK(f.services.sessions().ListAll(std::nullopt));
  CHECK(f.services.audit().List(f.cli, {}, {1, 20}));
  CHECK(f.Count() == before);
}

TEST_CASE("version changes are recorded", "[db][core][audit]") {
  Fixture f;
  core::Versions versions = f.services.versions();
  REQUIRE(versions.Add(f.cli, "2.0", true));
  CHECK(f.Newest().action == "version.add");
  CHECK(f.Newest().target.name == "2.0");
  CHECK(ChangesOf(f.Newest()) == "supported=true;");
  REQUIRE(versions.SetSupported(f.cli, "2.0", false));
  CHECK(f.Newest().action == "version.deprecate");
  REQUIRE(versions.SetSupported(f.cli, "2.0", true));
  CHECK(f.Newest().action == "version.support");
  REQUIRE(versions.Sunset(f.cli, "2.0", test::kEpoch + 86400));
  CHECK(f.Newest().action == "version.sunset");
  CHECK(ChangesOf(f.Newest()) == "sunset=" + core::FormatIso8601(test::kEpoch + 86400) + ";");
  REQUIRE(versions.Sunset(f.cli, "2.0", std::nullopt));
  CHECK(ChangesOf(f.Newest()) == "sunset=null;");
  const std::int64_t before = f.Count();
  CHECK_FALSE(versions.Sunset(f.cli, "2.0", test::kEpoch - 1));  // in the past: refused
  CHECK(f.Count() == before);
}

TEST_CASE("item changes are recorded only when made by someone other than the owner",
          "[db][core][audit]") {
  Fixture f;
  core::Items items = f.services.items();
  auto first = items.Add(core::Actor::Of(f.bob), f.bob.id, {"lamp", std::nullopt});
  auto second = items.Add(core::Actor::Of(f.bob), f.bob.id, {"desk", std::nullopt});
  REQUIRE(first);
  REQUIRE(second);
  std::int64_t before = f.Count();
  REQUIRE(items.Update(core::Actor::Of(f.bob), first->id, {std::string("lamp 2"), {}}));
  REQUIRE(items.Delete(core::Actor::Of(f.bob), first->id));
  CHECK(f.Count() == before);

  REQUIRE(items.Update(f.api_root, second->id, {{}, std::string("oak")}));
  CHECK(f.Newest().action == "item.update");
  CHECK(f.Newest().target.name == "desk");
  CHECK(ChangesOf(f.Newest()) == "user_id=" + std::to_string(f.bob.id) + ";description=oak;");
  REQUIRE(items.Delete(f.cli, second->id));
  CHECK(f.Newest().action == "item.delete");
  CHECK(f.Newest().target.id == second->id);
  CHECK(f.Count() == before + 2);
}

TEST_CASE("revoking another's session and purging are recorded but logging out is not",
          "[db][core][audit]") {
  Fixture f;
  core::Sessions sessions = f.services.sessions();
  auto mine = sessions.Login("bob", kBobPassword, "ios");
  auto other = sessions.Login("bob", kBobPassword, "web");
  REQUIRE(mine);
  REQUIRE(other);
  std::int64_t before = f.Count();
  core::Actor bob = core::Actor::Of(f.bob);
  REQUIRE(sessions.Revoke(bob, mine->session_id));
  CHECK(f.Count() == before);

  REQUIRE(sessions.Revoke(f.api_root, other->session_id));
  core::AuditEvent revoked = f.Newest();
  CHECK(revoked.action == "token.revoke");
  CHECK(revoked.target.type == "session");
  CHECK(revoked.target.id == other->session_id);
  CHECK(ChangesOf(revoked) == "user_id=" + std::to_string(f.bob.id) + ";");

  REQUIRE(sessions.Purge(f.cli));
  CHECK(f.Newest().action == "token.purge");
  CHECK(ChangesOf(f.Newest()) == "deleted=0;");
  CHECK_FALSE(sessions.Purge(bob));
}

TEST_CASE("the trail is for admins, filters by actor action and time, and pages",
          "[db][core][audit]") {
  Fixture f;
  f.clock.Advance(100);
  REQUIRE(f.services.users().Disable(f.cli, f.bob.id));
  core::AuditTrail audit = f.services.audit();

  auto denied = audit.List(core::Actor::Of(f.bob), {}, {1, 20});
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == core::Errc::kPermissionDenied);

  CHECK(f.Events({std::string("root"), {}, {}}).size() == 1);
  CHECK(f.Events({std::string("cli:ops"), {}, {}}).size() == 2);
  CHECK(f.Events({{}, std::string("user.disable"), {}}).size() == 1);
  CHECK(f.Events({{}, {}, test::kEpoch + 1}).size() == 1);
  CHECK(f.Events({std::string("root"), std::string("user.disable"), {}}).empty());

  auto unknown = audit.List(f.cli, {{}, std::string("user.explode"), {}}, {1, 20});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == core::Errc::kInvalidArgument);
  CHECK_THAT(unknown.error().message, Catch::StartsWith("action 'user.explode' is not one of: "
                                                        "user.add, user.update"));

  auto second = audit.List(f.cli, {}, {2, 2});
  REQUIRE(second);
  CHECK(second->total == 3);
  REQUIRE(second->rows.size() == 1);
  CHECK(second->rows[0].target.name == "root");  // the oldest
}

TEST_CASE("the retention purge deletes only events older than the retention",
          "[db][core][audit]") {
  Fixture f;
  f.clock.Advance(10 * 86400);
  REQUIRE(f.services.users().Disable(f.cli, f.bob.id));
  auto purged = f.services.audit().Purge(5 * 86400);
  REQUIRE(purged);
  CHECK(*purged == 2);
  std::vector<core::AuditEvent> left = f.Events();
  REQUIRE(left.size() == 1);
  CHECK(left[0].action == "user.disable");
  auto counts = f.services.audit().CountByAction();
  REQUIRE(counts);
  CHECK(*counts == std::map<std::string, std::int64_t>{{"user.disable", 1}});
}

TEST_CASE("the scheduled audit purge applies the retention", "[db][core][audit]") {
  test::TempDir dir;
  core::ManualClock clock{test::kEpoch};
  core::ServiceHub hub(test::MigratedBackend(dir), core::ServiceDeps{clock});
  {
    auto services = hub.Acquire();
    REQUIRE(services);
    REQUIRE((*services)->versions().Add(core::Actor::System("cli:ops"), "2.0", true));
  }
  core::Scheduler::Job job = core::MakeAuditPurgeJob(hub, 2 * 86400);
  auto kept = job();
  REQUIRE(kept);
  CHECK(*kept == "Audit: events past the retention deleted: 0");
  clock.Advance(2 * 86400 + 1);
  auto purged = job();
  REQUIRE(purged);
  CHECK(*purged == "Audit: events past the retention deleted: 1");
}
