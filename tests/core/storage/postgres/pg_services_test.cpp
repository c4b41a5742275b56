// The Items and Sessions services on PostgreSQL: the sequences of
// tests/core/services/{items,items_import,sessions}_test.cpp, with the same
// expected results and messages, through a PgStore.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/services/items.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/sessions.hpp"
#include "tests/core/storage/postgres/pg_migrated_database.hpp"

using namespace itemctl;
using core::Errc;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

struct ItemsFixture {
  test::PgMigratedDatabase db;
  core::ManualClock clock{test::kEpoch};
  core::Items items{db.store(), clock};
  core::Id alice = db.AddUser("alice");
  core::Id bob = db.AddUser("bob");

  core::Actor Alice() const { return core::Actor{alice, false}; }
  core::Actor Bob() const { return core::Actor{bob, false}; }

  std::vector<std::string> Names(const core::ItemFilter& filter) {
    auto page = items.List(filter, {1, 100});
    REQUIRE(page);
    std::vector<std::string> names;
    for (const core::Item& item : page->rows) names.push_back(item.name);
    CHECK(page->total == static_cast<std::int64_t>(names.size()));
    return names;
  }
};

std::vector<core::ImportRow> Rows(std::vector<std::string> names) {
  std::vector<core::ImportRow> rows;
  for (std::size_t i = 0; i < names.size(); ++i) {
    rows.push_back({i + 2, {std::move(names[i]), std::nullopt}});
  }
  return rows;
}

core::Id AddUser(core::Store& store, const core::PasswordHasher& hasher,
                 const std::string& username) {
  auto hash = hasher.Hash("pw-" + username + "-123");
  REQUIRE(hash);
  auto id = store.users().Insert(username, *hash, core::kRoleUser, test::kEpoch);
  REQUIRE(id);
  return *id;
}

struct SessionsFixture {
  test::PgMigratedDatabase db;
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", kFast};
  core::AuthConfig config;
  core::Id alice = AddUser(db.store(), hasher, "alice");
  core::Id bob = AddUser(db.store(), hasher, "bob");

  core::Sessions Service() { return core::Sessions(db.store(), clock, hasher, config); }
  core::IssuedTokens Login(const std::string& username, const std::string& platform = "web") {
    auto tokens = Service().Login(username, "pw-" + username + "-123", platform);
    if (!tokens) FAIL(tokens.error().message);
    return *tokens;
  }
};

}  // namespace

TEST_CASE("pg items are added listed filtered updated and deleted through the service",
          "[core][items][postgres]") {
  ItemsFixture f;
  auto laptop = f.items.Add(f.Alice(), f.alice, {"Laptop", "13 inch"});
  REQUIRE(laptop);
  CHECK(laptop->id == 1);
  CHECK(laptop->created_at == test::kEpoch);
  CHECK_FALSE(laptop->updated_at);
  REQUIRE(f.items.Add(f.Bob(), f.bob, {"laptop stand", "for the desk"}));
  REQUIRE(f.items.Add(f.Alice(), f.alice, {"Écran", std::nullopt}));

  auto taken = f.items.Add(f.Bob(), f.bob, {"Laptop", std::nullopt});
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == Errc::kAlreadyExists);
  CHECK(taken.error().message == "item 'Laptop' already exists");
  CHECK(taken.error().detail == "Item with the same name already exists");

  CHECK(f.Names({"LAPTOP", std::nullopt}) == std::vector<std::string>{"Laptop", "laptop stand"});
  CHECK(f.Names({"écran", std::nullopt}).empty());
  CHECK(f.Names({std::nullopt, "DESK"}) == std::vector<std::string>{"laptop stand"});
  auto page = f.items.List({}, {2, 2});
  REQUIRE(page);
  CHECK(page->total == 3);
  REQUIRE(page->rows.size() == 1);
  CHECK(page->rows[0].name == "Écran");

  f.clock.Advance(60);
  core::ItemPatch patch;
  patch.name = "Notebook";
  auto updated = f.items.Update(f.Alice(), laptop->id, patch);
  REQUIRE(updated);
  CHECK(updated->name == "Notebook");
  CHECK(updated->description == "13 inch");
  CHECK(updated->updated_at == test::kEpoch + 60);
  auto not_owner = f.items.Update(f.Bob(), laptop->id, patch);
  REQUIRE_FALSE(not_owner);
  CHECK(not_owner.error().code == Errc::kPermissionDenied);

  REQUIRE(f.items.Delete(f.Alice(), laptop->id));
  auto gone = f.items.Get(laptop->id);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().code == Errc::kNotFound);
  CHECK(gone.error().message == "item 1 not found");
  CHECK(f.db.Int("SELECT count(*) FROM items") == 2);
}

TEST_CASE("pg an import is all or nothing through the service", "[core][items][postgres]") {
  ItemsFixture f;
  auto count = f.items.Import(core::Actor::System(), f.alice, Rows({"Laptop", "Phone", "Tablet"}));
  REQUIRE(count);
  CHECK(*count == 3);
  CHECK(f.Names({}) == std::vector<std::string>{"Laptop", "Phone", "Tablet"});

  auto clash = f.items.Import(core::Actor::System(), f.alice, Rows({"Mouse", "Pad", "Laptop"}));
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == Errc::kAlreadyExists);
  CHECK(clash.error().message == "line 4: item 'Laptop' already exists");
  CHECK(clash.error().detail == "Item with the same name already exists");
  auto orphan = f.items.Import(core::Actor::System(), 404, Rows({"Keyboard"}));
  REQUIRE_FALSE(orphan);
  CHECK(orphan.error().code == Errc::kBadReference);
  CHECK(orphan.error().message == "user 404 does not exist");
  CHECK(f.db.Int("SELECT count(*) FROM items") == 3);
}

TEST_CASE("pg login refresh and authenticate through the session service",
          "[core][sessions][postgres]") {
  SessionsFixture f;
  core::IssuedTokens first = f.Login("alice");
  CHECK(first.user_id == f.alice);
  CHECK(first.expires_in == 7200);
  auto principal = f.Service().Authenticate(first.access_token);
  REQUIRE(principal);
  CHECK(principal->user.username == "alice");
  CHECK(principal->session.id == first.session_id);

  auto wrong = f.Service().Login("alice", "nope-nope-123", "web");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().code == Errc::kUnauthenticated);
  CHECK(wrong.error().message == "Invalid credentials or inactive account");

  f.clock.Advance(600);
  auto second = f.Service().Refresh(first.refresh_token);
  REQUIRE(second);
  CHECK(second->session_id == first.session_id);
  auto rotated = f.Service().Authenticate(second->access_token);
  REQUIRE(rotated);
  CHECK(rotated->session.access_expires_at == test::kEpoch + 600 + 7200);
  CHECK(rotated->session.refresh_expires_at == test::kEpoch + 200LL * 86400);
  auto old_access = f.Service().Authenticate(first.access_token);
  REQUIRE_FALSE(old_access);
  CHECK(old_access.error().code == Errc::kUnauthenticated);
  CHECK(old_access.error().message == "Invalid credentials");

  // Replaying the rotated-out refresh token ends the whole session.
  auto replay = f.Service().Refresh(first.refresh_token);
  REQUIRE_FALSE(replay);
  CHECK(replay.error().code == Errc::kUnauthenticated);
  CHECK_FALSE(f.Service().Authenticate(second->access_token));
  CHECK(f.db.Int("SELECT count(*) FROM sessions") == 0);
}

TEST_CASE("pg a login beyond the session cap evicts the oldest session",
          "[core][sessions][postgres]") {
  SessionsFixture f;
  f.config.max_sessions_per_user = 3;
  std::vector<core::IssuedTokens> logins;
  for (const char* platform : {"web", "ios", "android", "cli"}) {
    logins.push_back(f.Login("alice", platform));
    f.clock.Advance(1);
  }
  core::IssuedTokens bob = f.Login("bob");
  CHECK_FALSE(f.Service().Authenticate(logins[0].access_token));
  CHECK_FALSE(f.Service().Refresh(logins[0].refresh_token));
  for (std::size_t i = 1; i < logins.size(); ++i) {
    CHECK(f.Service().Authenticate(logins[i].access_token));
  }
  CHECK(f.Service().Authenticate(bob.access_token));
  auto listed = f.Service().ListForUser(f.alice);
  REQUIRE(listed);
  REQUIRE(listed->size() == 3);
  CHECK((*listed)[0].platform == "cli");
  CHECK((*listed)[1].platform == "android");
  CHECK((*listed)[2].platform == "ios");

  // Within one second the newest (highest id) sessions stay.
  f.config.max_sessions_per_user = 2;
  core::IssuedTokens same_a = f.Login("bob");
  core::IssuedTokens same_b = f.Login("bob");
  CHECK_FALSE(f.Service().Authenticate(bob.access_token));
  CHECK(f.Service().Authenticate(same_a.access_token));
  CHECK(f.Service().Authenticate(same_b.access_token));

  auto counts = f.Service().CountActiveByPlatform();
  REQUIRE(counts);
  CHECK(*counts == std::map<std::string, std::int64_t>{
                       {"android", 1}, {"cli", 1}, {"ios", 1}, {"web", 2}});
}
