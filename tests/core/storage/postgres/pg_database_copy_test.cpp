// `db copy` across engines: SQLite -> PostgreSQL -> SQLite keeps every row,
// id, hash and session, and the sequences move past the copied ids.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/services/database_copy.hpp"
#include "core/services/service_set.hpp"
#include "tests/core/storage/postgres/pg_migrated_database.hpp"
#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

constexpr core::Argon2Params kFast{8, 1, 1};

std::string Counts(test::TestDatabase& db) {
  std::string counts;
  for (const core::Table& table : core::CopiedTables()) {
    counts += std::string(table.name) + "=" +
              std::to_string(db.Int(std::string("SELECT count(*) FROM ") + table.name)) + " ";
  }
  return counts;
}

// A source database of the engine under test with one user, alice, and
// the services over it; targets use the same deps.
struct Source {
  core::ManualClock clock{test::kEpoch};
  core::PasswordHasher hasher{"pepper-0123456789", kFast};
  core::ServiceDeps deps{clock, &hasher};
  std::unique_ptr<test::TestDatabase> db = test::MigratedDatabase();
  core::ServiceSet services{db->store(), deps};
  core::Id alice = AddAlice(services);

  static core::Id AddAlice(core::ServiceSet& services) {
    auto added =
        services.users().Add(core::Actor::System(), {"alice", core::kRoleUser, "alice-pw-123"});
    REQUIRE(added);
    return added->user.id;
  }
};

}  // namespace

TEST_CASE("pg db copy round trip sqlite to postgres to sqlite", "[postgres][copy]") {
  Source src;
  core::ServiceSet& from = src.services;
  auto& source = src.db;
  core::ServiceDeps& deps = src.deps;
  for (const char* name : {"one", "two", "three"}) {
    REQUIRE(from.items().Add(core::Actor::System(), src.alice, {name, "d"}));
  }
  REQUIRE(from.items().Delete(core::Actor::System(), 2));
  REQUIRE(from.versions().Add(core::Actor::System(), "2.0", false));
  REQUIRE(from.versions().Sunset(core::Actor::System(), "1.0", test::kEpoch + 86400));
  auto tokens = from.sessions().Login("alice", "alice-pw-123", "ios");
  REQUIRE(tokens);
  REQUIRE(from.sessions().Refresh(tokens->refresh_token));
  REQUIRE_FALSE(from.throttled_login().Login("alice", "wrong-password", "web", "192.0.2.1"));

  test::PgMigratedDatabase pg(false);
  auto there = core::CopyDatabase(source->store(), pg.store(), test::kEpoch, "pg");
  REQUIRE(there);
  CHECK(Counts(pg) == Counts(*source));
  core::ServiceSet on_pg(pg.store(), deps);
  CHECK(on_pg.sessions().Login("alice", "alice-pw-123", "web"));
  auto three = on_pg.items().Get(3);
  REQUIRE(three);
  CHECK(three->name == "three");
  CHECK(*three->description == "d");
  auto versions = on_pg.versions().List();
  REQUIRE(versions);
  CHECK(versions->back().version == "2.0");
  CHECK_FALSE(versions->back().supported);
  REQUIRE(versions->at(8).sunset);
  CHECK(versions->at(8).sunset->at == test::kEpoch + 86400);
  CHECK(versions->at(8).sunset->announced_at == test::kEpoch);
  CHECK(*on_pg.login_throttle().LiveFailures(core::AccountKey("alice")) == 1);
  // The identity sequences continue after the copied ids.
  auto four = on_pg.items().Add(core::Actor::System(), src.alice, {"four", std::nullopt});
  REQUIRE(four);
  CHECK(four->id == 4);
  auto bob = on_pg.users().Add(core::Actor::System(), {"bob", core::kRoleUser, "bob-pw-1234"});
  REQUIRE(bob);
  CHECK(bob->user.id == src.alice + 1);

  auto back = test::EmptyDatabase();
  auto home = core::CopyDatabase(pg.store(), back->store(), test::kEpoch, "back");
  REQUIRE(home);
  CHECK(Counts(*back) == Counts(pg));
  core::ServiceSet on_back(back->store(), deps);
  CHECK(on_back.sessions().Login("bob", "bob-pw-1234", "web"));
  auto four_back = on_back.items().Get(4);
  REQUIRE(four_back);
  CHECK_FALSE(four_back->description);
  auto versions_back = on_back.versions().List();
  REQUIRE(versions_back);
  REQUIRE(versions_back->at(8).sunset);
  CHECK(versions_back->at(8).sunset->at == test::kEpoch + 86400);
}

TEST_CASE("pg db copy moves items in batches and the count shards follow",
          "[postgres][copy]") {
  Source src;
  // More items than one batch of 1 000 rows.
  std::vector<core::ImportRow> rows;
  for (std::size_t i = 0; i < 2500; ++i) {
    rows.push_back({i + 2, {"item-" + std::to_string(i), std::nullopt}});
  }
  REQUIRE(src.services.items().Import(core::Actor::System(), src.alice, rows));

  test::PgMigratedDatabase pg(false);
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  auto copied = core::CopyDatabase(
      src.db->store(), pg.store(), test::kEpoch, "pg", [&calls](std::int64_t done, std::int64_t total) {
        calls.emplace_back(done, total);
      });
  REQUIRE(copied);
  CHECK(Counts(pg) == Counts(*src.db));
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.back() == std::make_pair(copied->rows, copied->rows));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i - 1].first < calls[i].first);

  core::ServiceSet on_pg(pg.store(), src.deps);
  auto page = on_pg.items().List({}, {2, 20});
  REQUIRE(page);
  CHECK(page->total == 2500);
  CHECK(pg.Int("SELECT sum(total) FROM item_count_shards") == 2500);
  auto last = on_pg.items().Get(2500);
  REQUIRE(last);
  CHECK(last->name == "item-2499");
}
