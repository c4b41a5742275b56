// `itemctl audit list`: CLI changes recorded as cli:<os user>, the filters,
// the table and --json.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;
using test::RequireOk;

namespace {

// itemctl on the Cli's database as the OS user `login`.
ProcessResult RunAs(const Cli& cli, const std::string& login, std::vector<std::string> args) {
  std::vector<std::string> env = cli.Env();
  env.push_back("LOGNAME=" + login);
  args.insert(args.begin(), {"--db", cli.db()});
  return test::RunItemctl(args, env);
}

}  // namespace

TEST_CASE("CLI changes are recorded as cli and the login name and listed newest first",
          "[db][cmd][audit]") {
  Cli cli;
  cli.Migrate();
  RequireOk(RunAs(cli, "ops", {"user", "add", "bob"}));
  RequireOk(RunAs(cli, "ops", {"user", "disable", "bob"}));
  RequireOk(RunAs(cli, "ann", {"version", "add", "2.0"}));
  RequireOk(RunAs(cli, "ann", {"token", "purge"}));

  ProcessResult json = RunAs(cli, "ann", {"audit", "list", "--json"});
  RequireOk(json);
  nlohmann::json page = nlohmann::json::parse(json.out);
  CHECK(page["total"] == 5);  // migrate's admin, then the four above
  const nlohmann::json& events = page["events"];
  REQUIRE(events.size() == 5);
  CHECK(events[0]["action"] == "token.purge");
  CHECK(events[0]["actor"] == "cli:ann");
  CHECK(events[1]["action"] == "version.add");
  CHECK(events[1]["target"] == nlohmann::json{{"type", "version"}, {"id", 10}, {"name", "2.0"}});
  CHECK(events[2]["action"] == "user.disable");
  CHECK(events[2]["actor"] == "cli:ops");
  CHECK(events[2]["source"] == "cli");
  CHECK(events[2]["address"] == nullptr);
  CHECK(events[2]["actor_id"] == nullptr);
  CHECK(events[3]["action"] == "user.add");
  CHECK(events[4]["target"]["name"] == "admin");

  ProcessResult filtered =
      RunAs(cli, "ann", {"audit", "list", "--actor", "cli:ops", "--action", "user.disable"});
  RequireOk(filtered);
  CHECK(NoTimes(filtered.out) ==
        "ID  AT                    ACTOR    SOURCE  ACTION        TARGET         CHANGES\n"
        "3   YYYY-MM-DDTHH:MM:SSZ  cli:ops  cli     user.disable  user bob (#2)  "
        "activated=false\n"
        "page 1 of 1, 1 event in total\n");
}

TEST_CASE("audit list pages and refuses an unknown action", "[db][cmd][audit]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob", "--password-stdin"}, "bob-password-1\n"));
  ProcessResult paged = cli.Run({"audit", "list", "--limit", "1", "--page", "2", "--json"});
  RequireOk(paged);
  nlohmann::json page = nlohmann::json::parse(paged.out);
  CHECK(page["total"] == 2);
  CHECK(page["events"][0]["target"]["name"] == "admin");

  ProcessResult unknown = cli.Run({"audit", "list", "--action", "user.explode"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("--action: user.explode not in {user.add,") != std::string::npos);
  CHECK(unknown.out.empty());

  ProcessResult future = cli.Run({"audit", "list", "--since", "2999-01-01", "--json"});
  RequireOk(future);
  CHECK(nlohmann::json::parse(future.out)["total"] == 0);
  ProcessResult past = cli.Run({"audit", "list", "--since", "2000-01-01T00:00:00Z", "--json"});
  RequireOk(past);
  CHECK(nlohmann::json::parse(past.out)["total"] == 2);
  ProcessResult bad = cli.Run({"audit", "list", "--since", "yesterday"});
  CHECK(bad.exit_code == 5);
  CHECK(bad.err == "itemctl: error: --since 'yesterday' is invalid: use 2027-01-31 (midnight UTC) "
                   "or 2027-01-31T12:00:00Z\n");
  CHECK(bad.out.empty());
}

TEST_CASE("db copy records the copy in the target's audit trail", "[db][cmd][audit]") {
  Cli cli;
  cli.Migrate();
  std::string target = cli.dir().path() + "/copy.db";
  RequireOk(RunAs(cli, "ops", {"db", "copy", cli.db(), target}));
  ProcessResult listed = cli.RunWithoutDb({"--db", target, "audit", "list", "--json"});
  RequireOk(listed);
  nlohmann::json newest = nlohmann::json::parse(listed.out)["events"][0];
  CHECK(newest["action"] == "db.copy");
  CHECK(newest["actor"] == "cli:ops");
  CHECK(newest["target"]["name"] == target);
  CHECK(newest["changes"]["from"] == cli.db_display_name());
}
