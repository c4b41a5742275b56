// The PostgreSQL stores of each aggregate against the expectations of the
// SQLite ones: the same rows, orderings, error codes and messages.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/core/storage/postgres/pg_migrated_database.hpp"

using namespace itemctl;
using core::Errc;

namespace {

constexpr core::UnixSeconds kNow = test::kEpoch;

std::vector<std::string> Usernames(core::UserStore& users, const core::UserFilter& filter) {
  auto listed = users.List(filter, 100, 0);
  REQUIRE(listed);
  std::vector<std::string> names;
  for (const core::User& user : *listed) names.push_back(user.username);
  auto counted = users.Count(filter);
  REQUIRE(counted);
  CHECK(*counted == static_cast<std::int64_t>(names.size()));
  return names;
}

std::vector<std::string> ItemNames(core::ItemStore& items, const core::ItemFilter& filter) {
  auto listed = items.List(filter, 100, 0);
  REQUIRE(listed);
  std::vector<std::string> names;
  for (const core::Item& item : *listed) names.push_back(item.name);
  auto counted = items.Count(filter);
  REQUIRE(counted);
  CHECK(*counted == static_cast<std::int64_t>(names.size()));
  return names;
}

core::TokenHashes Tokens(const std::string& tag, core::UnixSeconds access_expiry,
                         core::UnixSeconds refresh_expiry) {
  return core::TokenHashes{"a-" + tag, access_expiry, "r-" + tag, refresh_expiry};
}

core::Id OpenSession(core::SessionStore& sessions, core::Id user, const std::string& tag,
                     core::UnixSeconds now, core::UnixSeconds refresh_expiry,
                     const std::string& platform = "web") {
  auto id = sessions.Insert(user, platform, Tokens(tag, now + 60, refresh_expiry), now);
  REQUIRE(id);
  REQUIRE(*id);
  return **id;
}

std::vector<core::Id> SessionIds(core::SessionStore& sessions, std::optional<core::Id> user,
                                 std::optional<core::UnixSeconds> live_at = std::nullopt) {
  auto listed = sessions.List(user, live_at);
  REQUIRE(listed);
  std::vector<core::Id> ids;
  for (const core::Session& s : *listed) ids.push_back(s.id);
  return ids;
}

}  // namespace

TEST_CASE("pg users are inserted and loaded with the SQLite store's errors",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::UserStore& users = db.store().users();
  auto none = users.AnyExists();
  REQUIRE(none);
  CHECK_FALSE(*none);

  auto bob = users.Insert("bob", "hash-1", core::kRoleUser, kNow);
  REQUIRE(bob);
  CHECK(*bob == 1);
  auto any = users.AnyExists();
  REQUIRE(any);
  CHECK(*any);
  auto loaded = users.LoadById(*bob);
  REQUIRE(loaded);
  CHECK(loaded->username == "bob");
  CHECK(loaded->role_id == core::kRoleUser);
  CHECK(loaded->activated);
  CHECK(loaded->created_at == kNow);
  CHECK_FALSE(loaded->updated_at);
  CHECK(users.LoadByUsername("bob")->id == *bob);

  auto missing = users.LoadById(7);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::kNotFound);
  CHECK(missing.error().message == "user 7 not found");
  CHECK(missing.error().detail == "User not found");
  auto unknown = users.LoadByUsername("Bob");  // names compare bytewise
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "user 'Bob' not found");
  CHECK(unknown.error().detail == "User not found");

  auto twice = users.Insert("bob", "hash-2", core::kRoleUser, kNow);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == Errc::kAlreadyExists);
  auto no_role = users.Insert("carol", "hash-3", 9, kNow);
  REQUIRE_FALSE(no_role);
  CHECK(no_role.error().code == Errc::kBadReference);
}

TEST_CASE("pg user updates set only the patch's fields and updated_at",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::UserStore& users = db.store().users();
  core::Id bob = db.AddUser("bob", core::kRoleUser, "old-hash");
  core::Id root = db.AddUser("root", core::kRoleAdmin);

  core::UserPatch rename;
  rename.username = "robert";
  REQUIRE(users.Update(bob, rename, std::nullopt, kNow + 5));
  auto renamed = users.LoadById(bob);
  REQUIRE(renamed);
  CHECK(renamed->username == "robert");
  CHECK(renamed->role_id == core::kRoleUser);
  CHECK(renamed->activated);
  CHECK(renamed->updated_at == kNow + 5);
  CHECK((*users.FindCredentials("robert"))->password_hash == "old-hash");

  core::UserPatch promote;
  promote.role_id = core::kRoleAdmin;
  promote.activated = false;
  REQUIRE(users.Update(bob, promote, std::string("new-hash"), kNow + 6));
  auto promoted = users.LoadById(bob);
  CHECK(promoted->role_id == core::kRoleAdmin);
  CHECK_FALSE(promoted->activated);
  CHECK((*users.FindCredentials("robert"))->password_hash == "new-hash");
  CHECK(*users.CountOtherActiveAdmins(root) == 0);
  CHECK(*users.CountOtherActiveAdmins(bob) == 1);

  core::UserPatch taken;
  taken.username = "root";
  auto clash = users.Update(bob, taken, std::nullopt, kNow + 7);
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == Errc::kAlreadyExists);
  core::UserPatch bad_role;
  bad_role.role_id = 5;
  auto no_role = users.Update(bob, bad_role, std::nullopt, kNow + 7);
  REQUIRE_FALSE(no_role);
  CHECK(no_role.error().code == Errc::kBadReference);

  // Setting the value it already has keeps updated_at.
  REQUIRE(users.SetActivated(bob, false, kNow + 8));
  CHECK(users.LoadById(bob)->updated_at == kNow + 6);
  REQUIRE(users.SetActivated(bob, true, kNow + 9));
  CHECK(users.LoadById(bob)->activated);
  CHECK(users.LoadById(bob)->updated_at == kNow + 9);
}

TEST_CASE("pg user credentials and the compare-and-swap rehash", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::UserStore& users = db.store().users();
  core::Id bob = db.AddUser("bob", core::kRoleUser, "hash-1");
  auto found = users.FindCredentials("bob");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->user.id == bob);
  CHECK((*found)->password_hash == "hash-1");
  auto unknown = users.FindCredentials("nobody");
  REQUIRE(unknown);
  CHECK_FALSE(*unknown);

  REQUIRE(users.ReplacePasswordHash(bob, "stale", "hash-2"));
  CHECK((*users.FindCredentials("bob"))->password_hash == "hash-1");
  REQUIRE(users.ReplacePasswordHash(bob, "hash-1", "hash-2"));
  CHECK((*users.FindCredentials("bob"))->password_hash == "hash-2");
}

TEST_CASE("pg user filters fold ASCII case only and page by id", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::UserStore& users = db.store().users();
  for (const char* name : {"Alice", "alfred", "BOB", "Émile", "émilie", "100%_sure", "1000 sure"}) {
    db.AddUser(name);
  }
  REQUIRE(users.SetActivated(2, false, kNow));

  CHECK(Usernames(users, {}) ==
        std::vector<std::string>{"Alice", "alfred", "BOB", "Émile", "émilie", "100%_sure",
                                 "1000 sure"});
  CHECK(Usernames(users, {"AL", std::nullopt}) == std::vector<std::string>{"Alice", "alfred"});
  CHECK(Usernames(users, {"b", std::nullopt}) == std::vector<std::string>{"BOB"});
  // SQLite's LIKE folds ASCII letters only: É and é stay apart.
  CHECK(Usernames(users, {"émil", std::nullopt}) == std::vector<std::string>{"émilie"});
  CHECK(Usernames(users, {"Émil", std::nullopt}) == std::vector<std::string>{"Émile"});
  CHECK(Usernames(users, {"MILE", std::nullopt}) == std::vector<std::string>{"Émile"});
  // Wildcards in the needle are literal.
  CHECK(Usernames(users, {"0%_", std::nullopt}) == std::vector<std::string>{"100%_sure"});
  CHECK(Usernames(users, {"_", std::nullopt}) == std::vector<std::string>{"100%_sure"});
  CHECK(Usernames(users, {"", std::nullopt}).size() == 7);
  CHECK(Usernames(users, {std::nullopt, false}) == std::vector<std::string>{"alfred"});
  CHECK(Usernames(users, {"al", true}) == std::vector<std::string>{"Alice"});

  auto page = users.List({}, 2, 3);
  REQUIRE(page);
  REQUIRE(page->size() == 2);
  CHECK((*page)[0].username == "Émile");
  CHECK((*page)[1].username == "émilie");
}

TEST_CASE("pg items are inserted filtered updated and deleted like on SQLite",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::ItemStore& items = db.store().items();
  core::Id alice = db.AddUser("alice");

  auto laptop = items.Insert({"Laptop", "13 inch"}, alice, kNow);
  REQUIRE(laptop);
  CHECK(*laptop == 1);
  REQUIRE(items.Insert({"laptop bag", std::nullopt}, alice, kNow));
  REQUIRE(items.Insert({"Écran", "Large ÉCRAN"}, alice, kNow));
  REQUIRE(items.Insert({"mouse", "for the LAPTOP"}, alice, kNow));

  auto read = items.LoadById(*laptop);
  REQUIRE(read);
  CHECK(read->name == "Laptop");
  CHECK(read->description == "13 inch");
  CHECK(read->user_id == alice);
  CHECK(read->created_at == kNow);
  CHECK_FALSE(read->updated_at);
  CHECK_FALSE(items.LoadById(2)->description);
  auto missing = items.LoadById(99);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::kNotFound);
  CHECK(missing.error().message == "item 99 not found");
  CHECK(missing.error().detail == "Item not found");

  auto taken = items.Insert({"Laptop", std::nullopt}, alice, kNow);
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == Errc::kAlreadyExists);
  auto orphan = items.Insert({"Phone", std::nullopt}, 404, kNow);
  REQUIRE_FALSE(orphan);
  CHECK(orphan.error().code == Errc::kBadReference);

  CHECK(ItemNames(items, {"LAPTOP", std::nullopt}) ==
        std::vector<std::string>{"Laptop", "laptop bag"});
  CHECK(ItemNames(items, {std::nullopt, "laptop"}) == std::vector<std::string>{"mouse"});
  CHECK(ItemNames(items, {"écran", std::nullopt}).empty());
  CHECK(ItemNames(items, {std::nullopt, "Écran"}) == std::vector<std::string>{"Écran"});
  CHECK(ItemNames(items, {std::nullopt, "écran"}).empty());
  CHECK(ItemNames(items, {"a", "INCH"}) == std::vector<std::string>{"Laptop"});

  std::vector<core::Id> visited;
  REQUIRE(items.ForEach({"o", std::nullopt},
                        [&visited](const core::Item& item) { visited.push_back(item.id); }));
  CHECK(visited == std::vector<core::Id>{1, 2, 4});
  auto second_page = items.List({}, 2, 2);
  REQUIRE(second_page);
  REQUIRE(second_page->size() == 2);
  CHECK((*second_page)[0].id == 3);

  core::ItemPatch patch;
  patch.description = "14 inch";
  REQUIRE(items.Update(*laptop, patch, kNow + 10));
  auto updated = items.LoadById(*laptop);
  CHECK(updated->name == "Laptop");
  CHECK(updated->description == "14 inch");
  CHECK(updated->updated_at == kNow + 10);
  core::ItemPatch clash;
  clash.name = "mouse";
  auto renamed = items.Update(*laptop, clash, kNow + 11);
  REQUIRE_FALSE(renamed);
  CHECK(renamed.error().code == Errc::kAlreadyExists);

  REQUIRE(items.Delete(*laptop));
  CHECK(items.LoadById(*laptop).error().code == Errc::kNotFound);
  CHECK(items.Delete(*laptop));  // deleting nothing is not an error
}

TEST_CASE("pg substring filters of three characters or more use the trigram indexes",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::ItemStore& items = db.store().items();
  core::Id alice = db.AddUser("alice");
  REQUIRE(items.Insert({"Laptop", "13 inch"}, alice, kNow));
  REQUIRE(items.Insert({"mouse", "for the LAPTOP"}, alice, kNow));

  // The filter must compare the very expression migration 8 indexed, or
  // the planner can only scan. With scans priced out, the scans of each
  // index in this transaction show which one answered.
  auto index_scans = [&db](const std::string& index) {
    return db.Int("SELECT pg_stat_get_xact_numscans('" + index + "'::regclass)");
  };
  db.Exec("BEGIN; SET LOCAL enable_seqscan = off");
  CHECK(ItemNames(items, {"LAPTOP", std::nullopt}) == std::vector<std::string>{"Laptop"});
  CHECK(index_scans("items_name_trigrams") == 2);  // the page and the count
  CHECK(ItemNames(items, {std::nullopt, "lapTop"}) == std::vector<std::string>{"mouse"});
  CHECK(index_scans("items_description_trigrams") == 2);
  db.Exec("ROLLBACK");
}

TEST_CASE("pg roles and versions read and write like on SQLite", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::RoleStore& roles = db.store().roles();
  auto all = roles.List();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].name == "admin");
  CHECK((*all)[1].name == "user");
  CHECK(roles.LoadById(2)->name == "user");
  CHECK(roles.LoadByName("admin")->id == 1);
  auto no_id = roles.LoadById(3);
  REQUIRE_FALSE(no_id);
  CHECK(no_id.error().code == Errc::kNotFound);
  CHECK(no_id.error().message == "role 3 not found");
  CHECK(no_id.error().detail == "Role not found");
  auto no_name = roles.LoadByName("owner");
  REQUIRE_FALSE(no_name);
  CHECK(no_name.error().message == "role 'owner' not found");

  core::VersionStore& versions = db.store().versions();
  auto seeded = versions.List();
  REQUIRE(seeded);
  REQUIRE(seeded->size() == 9);
  CHECK(seeded->front().version == "0.1");
  CHECK(seeded->back().version == "1.0");
  CHECK(seeded->back().supported);
  auto added = versions.Insert("2.0", false);
  REQUIRE(added);
  CHECK(added->id == 10);
  CHECK(added->version == "2.0");
  CHECK_FALSE(added->supported);
  auto again = versions.Insert("2.0", true);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Errc::kAlreadyExists);

  auto supported = versions.SetSupported("2.0", true);
  REQUIRE(supported);
  REQUIRE(*supported);
  CHECK((*supported)->id == 10);
  CHECK((*supported)->supported);
  auto unknown = versions.SetSupported("9.9", true);
  REQUIRE(unknown);
  CHECK_FALSE(*unknown);
  REQUIRE(versions.Find("2.0")->has_value());
  CHECK((*versions.Find("2.0"))->supported);
  CHECK_FALSE((*versions.Find("0.1"))->supported);
  CHECK_FALSE(versions.Find("9.9")->has_value());

  auto sunset = versions.SetSunset("2.0", core::VersionSunset{test::kEpoch + 86400, test::kEpoch});
  REQUIRE(sunset);
  REQUIRE(*sunset);
  REQUIRE((*sunset)->sunset);
  CHECK((*sunset)->sunset->at == test::kEpoch + 86400);
  CHECK((*sunset)->sunset->announced_at == test::kEpoch);
  CHECK((*versions.Find("2.0"))->sunset->at == test::kEpoch + 86400);
  auto cleared = versions.SetSunset("2.0", std::nullopt);
  REQUIRE(cleared);
  REQUIRE(*cleared);
  CHECK_FALSE((*cleared)->sunset);
  CHECK_FALSE(*versions.SetSunset("9.9", std::nullopt));
}

TEST_CASE("pg sessions open only for activated users and are found by access hash",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::SessionStore& sessions = db.store().sessions();
  core::Id alice = db.AddUser("alice");
  core::Id carol = db.AddUser("carol");
  REQUIRE(db.store().users().SetActivated(carol, false, kNow));

  core::Id first = OpenSession(sessions, alice, "1", kNow, kNow + 1000, "ios");
  CHECK(first == 1);
  auto disabled = sessions.Insert(carol, "web", Tokens("c", kNow + 60, kNow + 1000), kNow);
  REQUIRE(disabled);
  CHECK_FALSE(*disabled);
  auto missing = sessions.Insert(404, "web", Tokens("m", kNow + 60, kNow + 1000), kNow);
  REQUIRE(missing);
  CHECK_FALSE(*missing);

  auto found = sessions.FindByAccessHash("a-1");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->session.id == first);
  CHECK((*found)->session.user_id == alice);
  CHECK((*found)->session.platform == "ios");
  CHECK((*found)->session.access_expires_at == kNow + 60);
  CHECK((*found)->session.refresh_expires_at == kNow + 1000);
  CHECK((*found)->session.created_at == kNow);
  CHECK_FALSE((*found)->session.last_used_at);
  CHECK((*found)->user.username == "alice");
  CHECK_FALSE(sessions.FindByAccessHash("r-1")->has_value());

  REQUIRE(sessions.Touch(first, kNow + 30));
  CHECK((*sessions.Find(first))->last_used_at == kNow + 30);
  CHECK_FALSE(sessions.Find(99)->has_value());
  auto dup = sessions.Insert(alice, "web", Tokens("1", kNow + 60, kNow + 1000), kNow);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == Errc::kAlreadyExists);
}

TEST_CASE("pg token rotation caps expiries and refuses stale old or disabled sessions",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::SessionStore& sessions = db.store().sessions();
  core::Id alice = db.AddUser("alice");
  core::Id id = OpenSession(sessions, alice, "1", kNow, kNow + 1000);

  // Asked for expiries past created_at + max_age (500): both capped.
  auto rotated = sessions.RotateTokens("r-1", Tokens("2", kNow + 700, kNow + 900), kNow + 100, 500);
  REQUIRE(rotated);
  REQUIRE(*rotated);
  CHECK((*rotated)->id == id);
  CHECK((*rotated)->access_expires_at == kNow + 500);
  CHECK((*rotated)->refresh_expires_at == kNow + 500);
  CHECK((*rotated)->last_used_at == kNow + 100);
  CHECK((*sessions.FindByAccessHash("a-2"))->session.id == id);
  CHECK_FALSE(sessions.FindByAccessHash("a-1")->has_value());

  // The old hash no longer matches.
  CHECK_FALSE(sessions.RotateTokens("r-1", Tokens("3", kNow + 150, kNow + 300), kNow + 110, 500)
                  ->has_value());
  // Within the caps, the asked-for expiries stand.
  auto again = sessions.RotateTokens("r-2", Tokens("3", kNow + 150, kNow + 300), kNow + 110, 500);
  REQUIRE(again);
  REQUIRE(*again);
  CHECK((*again)->access_expires_at == kNow + 150);
  CHECK((*again)->refresh_expires_at == kNow + 300);
  // Expired refresh token, or a session older than max_age: nothing.
  CHECK_FALSE(sessions.RotateTokens("r-3", Tokens("4", kNow + 400, kNow + 400), kNow + 300, 500)
                  ->has_value());
  CHECK_FALSE(sessions.RotateTokens("r-3", Tokens("4", kNow + 400, kNow + 400), kNow + 200, 200)
                  ->has_value());
  // A disabled user's session does not rotate.
  REQUIRE(db.store().users().SetActivated(alice, false, kNow));
  CHECK_FALSE(sessions.RotateTokens("r-3", Tokens("4", kNow + 250, kNow + 250), kNow + 200, 500)
                  ->has_value());
  CHECK((*sessions.Find(id))->refresh_expires_at == kNow + 300);
}

TEST_CASE("pg a replayed rotated token ends its session in one statement",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::SessionStore& sessions = db.store().sessions();
  core::Id alice = db.AddUser("alice");
  core::Id id = OpenSession(sessions, alice, "1", kNow, kNow + 1000);
  core::Id other = OpenSession(sessions, alice, "2", kNow, kNow + 1000);
  REQUIRE(sessions.RememberRotatedToken(id, "r-old", kNow + 10));
  auto twice = sessions.RememberRotatedToken(other, "r-old", kNow + 10);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == Errc::kAlreadyExists);
  auto no_session = sessions.RememberRotatedToken(99, "r-x", kNow + 10);
  REQUIRE_FALSE(no_session);
  CHECK(no_session.error().code == Errc::kBadReference);

  CHECK_FALSE(sessions.EndByRotatedToken("r-unknown")->has_value());
  auto ended = sessions.EndByRotatedToken("r-old");
  REQUIRE(ended);
  REQUIRE(*ended);
  CHECK((*ended)->id == id);
  CHECK_FALSE(sessions.Find(id)->has_value());
  CHECK(sessions.Find(other)->has_value());
  // The remembered token went with its session.
  CHECK(db.Int("SELECT count(*) FROM rotated_refresh_tokens") == 0);
  CHECK_FALSE(sessions.EndByRotatedToken("r-old")->has_value());
}

TEST_CASE("pg session listings deletions and counts match SQLite's", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::SessionStore& sessions = db.store().sessions();
  core::Id alice = db.AddUser("alice");
  core::Id bob = db.AddUser("bob");
  core::Id a1 = OpenSession(sessions, alice, "a1", kNow, kNow + 100, "web");
  core::Id a2 = OpenSession(sessions, alice, "a2", kNow + 5, kNow + 50, "ios");
  core::Id a3 = OpenSession(sessions, alice, "a3", kNow + 5, kNow + 200, "web");
  core::Id b1 = OpenSession(sessions, bob, "b1", kNow + 1, kNow + 300, "cli");

  // Newest first: created_at, then id.
  CHECK(SessionIds(sessions, std::nullopt) == std::vector<core::Id>{a3, a2, b1, a1});
  CHECK(SessionIds(sessions, alice) == std::vector<core::Id>{a3, a2, a1});
  CHECK(SessionIds(sessions, alice, kNow + 50) == std::vector<core::Id>{a3, a1});
  CHECK(SessionIds(sessions, std::nullopt, kNow + 100) == std::vector<core::Id>{a3, b1});

  auto counts = sessions.CountLiveByPlatform(kNow + 50);
  REQUIRE(counts);
  CHECK(*counts == std::map<std::string, std::int64_t>{{"cli", 1}, {"web", 2}});

  auto expired = sessions.DeleteExpired(kNow + 100);
  REQUIRE(expired);
  CHECK(*expired == 2);
  CHECK(SessionIds(sessions, std::nullopt) == std::vector<core::Id>{a3, b1});

  auto deleted = sessions.Delete(b1);
  REQUIRE(deleted);
  CHECK(*deleted);
  CHECK_FALSE(*sessions.Delete(b1));

  core::Id a4 = OpenSession(sessions, alice, "a4", kNow + 6, kNow + 400);
  auto all_but = sessions.DeleteForUser(alice, a4);
  REQUIRE(all_but);
  CHECK(*all_but == 1);
  CHECK(SessionIds(sessions, alice) == std::vector<core::Id>{a4});
  auto all = sessions.DeleteForUser(alice, std::nullopt);
  REQUIRE(all);
  CHECK(*all == 1);
  CHECK(SessionIds(sessions, std::nullopt).empty());
}

TEST_CASE("pg trim drops expired sessions then all but the newest", "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::SessionStore& sessions = db.store().sessions();
  core::Id alice = db.AddUser("alice");
  core::Id bob = db.AddUser("bob");
  core::Id old_live = OpenSession(sessions, alice, "1", kNow, kNow + 1000);
  core::Id expired = OpenSession(sessions, alice, "2", kNow + 9, kNow + 20);
  core::Id tie_low = OpenSession(sessions, alice, "3", kNow + 5, kNow + 1000);
  core::Id tie_high = OpenSession(sessions, alice, "4", kNow + 5, kNow + 1000);
  core::Id bobs = OpenSession(sessions, bob, "5", kNow, kNow + 20);

  auto trimmed = sessions.Trim(alice, 2, kNow + 30);
  REQUIRE(trimmed);
  CHECK(*trimmed == 2);
  CHECK(SessionIds(sessions, alice) == std::vector<core::Id>{tie_high, tie_low});
  CHECK(SessionIds(sessions, bob) == std::vector<core::Id>{bobs});
  (void)old_live;
  (void)expired;

  auto none_kept = sessions.Trim(alice, 0, kNow + 30);
  REQUIRE(none_kept);
  CHECK(*none_kept == 2);
  CHECK(SessionIds(sessions, alice).empty());
}

TEST_CASE("pg login failures count expire and reach limits like on SQLite",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::LoginThrottleStore& failures = db.store().login_failures();
  core::ThrottleKey bob{core::ThrottleScope::kAccount, "bob"};
  core::ThrottleKey eve{core::ThrottleScope::kAccount, "eve"};
  core::ThrottleKey addr{core::ThrottleScope::kAddress, "10.0.0.1"};
  auto first = failures.Insert(bob, kNow, kNow + 10);
  REQUIRE(first);
  CHECK(*first == 1);
  REQUIRE(failures.Insert(bob, kNow + 1, kNow + 30));
  REQUIRE(failures.Insert(bob, kNow + 2, kNow + 20));
  REQUIRE(failures.Insert(eve, kNow, kNow + 30));
  REQUIRE(failures.Insert(eve, kNow, kNow + 30));
  REQUIRE(failures.Insert(addr, kNow, kNow + 30));
  REQUIRE(failures.Insert(addr, kNow, kNow + 30));

  CHECK(*failures.CountLive(bob, kNow) == 3);
  CHECK(*failures.CountLive(bob, kNow + 10) == 2);
  CHECK(*failures.NthNewestExpiry(bob, 1, kNow) == std::optional<core::UnixSeconds>(kNow + 30));
  CHECK(*failures.NthNewestExpiry(bob, 2, kNow) == std::optional<core::UnixSeconds>(kNow + 20));
  CHECK(*failures.NthNewestExpiry(bob, 3, kNow) == std::optional<core::UnixSeconds>(kNow + 10));
  CHECK_FALSE(failures.NthNewestExpiry(bob, 3, kNow + 10)->has_value());

  CHECK(*failures.CountSubjectsAtLimit(core::ThrottleScope::kAccount, 2, kNow) == 2);
  CHECK(*failures.CountSubjectsAtLimit(core::ThrottleScope::kAccount, 3, kNow) == 1);
  CHECK(*failures.CountSubjectsAtLimit(core::ThrottleScope::kAccount, 3, kNow + 10) == 0);
  CHECK(*failures.CountSubjectsAtLimit(core::ThrottleScope::kAddress, 2, kNow) == 1);

  CHECK(*failures.DeleteExpiredOf(bob, kNow + 20) == 2);
  CHECK(*failures.CountLive(bob, kNow) == 1);
  CHECK(*failures.DeleteAllOf(eve) == 2);
  CHECK(*failures.DeleteAllOf(eve) == 0);
  CHECK(*failures.DeleteExpired(kNow + 30) == 3);
  CHECK(db.Int("SELECT count(*) FROM login_failures") == 0);
}

TEST_CASE("pg InsertBatch stops at the first taken name and the count shards follow writes",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::ItemStore& items = db.store().items();
  core::Id alice = db.AddUser("alice");
  const core::ItemFilter all;
  auto count = [&items, &all]() {
    auto counted = items.Count(all);
    REQUIRE(counted);
    return *counted;
  };

  auto inserted = items.InsertBatch({{"a", "x"}, {"b", std::nullopt}, {"c", "Z"}}, alice, kNow);
  REQUIRE(inserted);
  CHECK(*inserted == 3);
  CHECK(items.LoadById(2)->name == "b");
  CHECK_FALSE(items.LoadById(2)->description);
  CHECK(count() == 3);
  // A name repeated within the batch: its second item is the clash.
  auto repeated = items.InsertBatch({{"d", std::nullopt}, {"e", std::nullopt}, {"d", "again"}},
                                    alice, kNow);
  REQUIRE(repeated);
  CHECK(*repeated == 2);
  auto taken = items.InsertBatch({{"f", std::nullopt}, {"b", std::nullopt}}, alice, kNow);
  REQUIRE(taken);
  CHECK(*taken == 1);
  auto orphans = items.InsertBatch({{"g", std::nullopt}}, 404, kNow);
  REQUIRE_FALSE(orphans);
  CHECK(orphans.error().code == Errc::kBadReference);
  // Outside a transaction the stopped batches' other items stay: d, e, f.
  CHECK(count() == 6);
  CHECK(count() == db.Int("SELECT count(*) FROM items"));

  // Another backend adds to its own shard; the total is their sum.
  auto other_conn = db.database().Connect();
  core::PgStore other(*other_conn);
  REQUIRE(other.items().Insert({"from another backend", std::nullopt}, alice, kNow));
  CHECK(count() == 7);
  REQUIRE(items.Delete(1));
  REQUIRE(other.items().Delete(2));
  CHECK(count() == 5);
  db.Exec("DELETE FROM items WHERE name IN ('c', 'd')");
  CHECK(count() == 3);
  db.Exec("TRUNCATE items");
  CHECK(count() == 0);
  REQUIRE(items.Insert({"after truncate", std::nullopt}, alice, kNow));
  CHECK(count() == 1);
}

TEST_CASE("pg a transaction holding a count shard makes no other backend's insert wait",
          "[core][storage][postgres]") {
  test::PgMigratedDatabase db;
  core::Id alice = db.AddUser("alice");
  auto other_conn = db.database().Connect();
  core::PgStore other(*other_conn);
  // Turns a wait into an error instead of a hang.
  REQUIRE(other_conn->Execute("SET lock_timeout = '30s'"));
  auto pid = other_conn->Execute("SELECT pg_backend_pid()");
  REQUIRE(pid);
  const std::int64_t other_shard = pid->Int(0, 0) % 64;

  // An open transaction (as a long import would be) holds the other
  // backend's own shard.
  db.Exec("BEGIN");
  db.Exec("SELECT shard FROM item_count_shards WHERE shard = " + std::to_string(other_shard) +
          " FOR UPDATE");
  REQUIRE(db.store().items().Insert({"in the open transaction", std::nullopt}, alice, kNow));
  auto inserted = other.items().Insert({"beside it", std::nullopt}, alice, kNow);
  REQUIRE(inserted);
  auto seen_before = other.items().Count({});
  REQUIRE(seen_before);
  CHECK(*seen_before == 1);
  db.Exec("COMMIT");
  auto seen_after = other.items().Count({});
  REQUIRE(seen_after);
  CHECK(*seen_after == 2);
  // The other backend's item went to another shard; only the open
  // transaction's own could be there.
  const std::int64_t held_by_open = db.Int("SELECT pg_backend_pid() % 64") == other_shard ? 1 : 0;
  CHECK(db.Int("SELECT total FROM item_count_shards WHERE shard = " + std::to_string(other_shard)) ==
        held_by_open);
}
