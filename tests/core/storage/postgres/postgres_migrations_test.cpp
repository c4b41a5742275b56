// migrations/postgres applies in order to an empty database and gives the
// schema of the SQLite migrations: tables, seed rows, checks, cascades.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/storage/postgres/pg_connection.hpp"
#include "tests/core/storage/postgres/pg_test_database.hpp"

using namespace itemctl;
using core::Errc;
using core::PgConnection;
using core::PgParams;
using core::PgResult;

namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void Migrate(PgConnection& conn) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::PgMigrationsDir())) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 8);
  for (const auto& file : files) {
    INFO(file.filename().string());
    auto applied = conn.ExecScript(ReadFile(file));
    if (!applied) FAIL(applied.error().message);
  }
}

PgResult Run(PgConnection& conn, std::string_view sql, const PgParams& params = {}) {
  auto result = conn.Execute(sql, params);
  if (!result) FAIL(result.error().message);
  return std::move(*result);
}

}  // namespace

TEST_CASE("pg the postgres migrations apply to an empty database with their seed rows",
          "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  Migrate(*conn);

  PgResult tables = Run(*conn,
                        "SELECT string_agg(table_name, ' ' ORDER BY table_name) "
                        "FROM information_schema.tables WHERE table_schema = 'public'");
  CHECK(tables.Text(0, 0) ==
        "audit_events item_count_shards items login_failures roles rotated_refresh_tokens sessions users versions");

  PgResult roles = Run(*conn, "SELECT id, name FROM roles ORDER BY id");
  REQUIRE(roles.rows() == 2);
  CHECK(roles.Int(0, 0) == 1);
  CHECK(roles.Text(0, 1) == "admin");
  CHECK(roles.Int(1, 0) == 2);
  CHECK(roles.Text(1, 1) == "user");

  PgResult versions = Run(*conn, "SELECT id, version, supported FROM versions ORDER BY id");
  REQUIRE(versions.rows() == 9);
  for (int row = 0; row < 8; ++row) {
    CHECK(versions.Int(row, 0) == row + 1);
    CHECK(versions.Text(row, 1) == "0." + std::to_string(row + 1));
    CHECK_FALSE(versions.Bool(row, 2));
  }
  CHECK(versions.Text(8, 1) == "1.0");
  CHECK(versions.Bool(8, 2));
}

TEST_CASE("pg the postgres schema enforces the constraints of the SQLite one",
          "[core][postgres]") {
  test::PgTestDatabase db;
  auto conn = db.Connect();
  Migrate(*conn);
  constexpr std::string_view kAddUser =
      "INSERT INTO users (username, password_hash, role_id, created_at) "
      "VALUES ($1, 'hash', $2, 1697402410) RETURNING id, activated";

  PgResult bob = Run(*conn, kAddUser, PgParams().Add("bob").Add(2));
  std::int64_t bob_id = bob.Int(0, 0);
  CHECK(bob_id == 1);
  CHECK(bob.Bool(0, 1));  // activated by default

  auto again = conn->Execute(kAddUser, PgParams().Add("bob").Add(2));
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Errc::kAlreadyExists);
  auto no_role = conn->Execute(kAddUser, PgParams().Add("carol").Add(3));
  REQUIRE_FALSE(no_role);
  CHECK(no_role.error().code == Errc::kBadReference);
  auto too_long = conn->Execute(kAddUser, PgParams().Add(std::string(31, 'x')).Add(2));
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().message.find("users_username_check") != std::string::npos);
  CHECK(Run(*conn, kAddUser, PgParams().Add(std::string(30, 'x')).Add(2)).rows() == 1);

  // Deleting a user takes its sessions and their rotated tokens along.
  PgResult session = Run(*conn,
                         "INSERT INTO sessions (user_id, platform, access_token_hash, "
                         "access_expires_at, refresh_token_hash, refresh_expires_at, created_at) "
                         "VALUES ($1, 'cli', 'a1', 2, 'r1', 3, 1) RETURNING id",
                         PgParams().Add(bob_id));
  Run(*conn, "INSERT INTO rotated_refresh_tokens VALUES ('r0', $1, 1)",
      PgParams().Add(session.Int(0, 0)));
  CHECK(Run(*conn, "DELETE FROM users WHERE id = $1", PgParams().Add(bob_id)).AffectedRows() == 1);
  CHECK(Run(*conn, "SELECT count(*) FROM sessions").Int(0, 0) == 0);
  CHECK(Run(*conn, "SELECT count(*) FROM rotated_refresh_tokens").Int(0, 0) == 0);

  auto bad_scope = conn->Execute(
      "INSERT INTO login_failures (scope, subject, failed_at, expires_at) VALUES ($1, 'x', 1, 2)",
      PgParams().Add("planet"));
  REQUIRE_FALSE(bad_scope);
  CHECK(bad_scope.error().message.find("login_failures_scope_check") != std::string::npos);
}
