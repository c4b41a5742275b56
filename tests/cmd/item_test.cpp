// `itemctl item add|list|show|update|delete`.

#include <catch2/catch.hpp>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;
using test::RequireOk;

namespace {

const char* const kHeader =
    "ID  NAME    USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n";

}  // namespace

TEST_CASE("item add prints the new item as a table or as the API's JSON", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult added = cli.Run({"item", "add", "widget", "--description", "A small thing"});
  CHECK(added.exit_code == 0);
  CHECK(NoTimes(added.out) ==
        "ID  NAME    USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "1   widget  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           A small thing\n");
  CHECK(added.err.empty());

  ProcessResult json = cli.Run({"--json", "item", "add", "gadget"});
  CHECK(json.exit_code == 0);
  CHECK(NoTimes(json.out) ==
        "{\n"
        "  \"created_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
        "  \"description\": null,\n"
        "  \"id\": 2,\n"
        "  \"name\": \"gadget\",\n"
        "  \"updated_at\": null,\n"
        "  \"user_id\": 1\n"
        "}\n");
}

TEST_CASE("item add gives the item to --owner, who must exist", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  ProcessResult owned = cli.Run({"item", "add", "bobs", "--owner", "bob"});
  CHECK(owned.exit_code == 0);
  CHECK(NoTimes(owned.out) ==
        "ID  NAME  USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "1   bobs  2        bob    YYYY-MM-DDTHH:MM:SSZ  -           -\n");

  ProcessResult orphan = cli.Run({"item", "add", "orphan", "--owner", "ghost"});
  CHECK(orphan.exit_code == 3);
  CHECK(orphan.out.empty());
  CHECK(orphan.err == "itemctl: error: user 'ghost' not found\n");
}

TEST_CASE("item add refuses a duplicate name with exit 4 and writes nothing", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"item", "add", "widget"}));
  ProcessResult again = cli.Run({"item", "add", "widget", "--description", "other"});
  CHECK(again.exit_code == 4);
  CHECK(again.out.empty());
  CHECK(again.err == "itemctl: error: item 'widget' already exists\n");
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK(NoTimes(listed.out) ==
        std::string(kHeader) +
            "1   widget  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           -\n"
            "page 1 of 1, 1 item in total\n");
}

TEST_CASE("item add refuses an invalid name with exit 5", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult empty = cli.Run({"item", "add", ""});
  CHECK(empty.exit_code == 5);
  CHECK(empty.out.empty());
  CHECK(empty.err == "itemctl: error: item name '' is invalid: it must not be empty or blank\n");
  ProcessResult control = cli.Run({"item", "add", "tab\there"});
  CHECK(control.exit_code == 5);
  CHECK(control.err ==
        "itemctl: error: item name 'tab\\there' is invalid: it must not contain control "
        "characters\n");
}

TEST_CASE("item list pages, filters and lists everything with --all", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  for (const char* name : {"apple", "banana", "cherry", "apricot"}) {
    RequireOk(cli.Run({"item", "add", name, "--description", std::string("fruit ") + name}));
  }
  ProcessResult page = cli.Run({"item", "list", "--limit", "2", "--page", "2"});
  CHECK(page.exit_code == 0);
  CHECK(NoTimes(page.out) ==
        "ID  NAME     USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "3   cherry   1        admin  YYYY-MM-DDTHH:MM:SSZ  -           fruit cherry\n"
        "4   apricot  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           fruit apricot\n"
        "page 2 of 2, 4 items in total\n");

  ProcessResult filtered = cli.Run({"item", "list", "--name", "AP", "--json"});
  CHECK(filtered.exit_code == 0);
  CHECK_THAT(filtered.out, Catch::StartsWith("{\n  \"items\": [\n"));
  CHECK_THAT(filtered.out, Catch::EndsWith("  ],\n  \"limit\": 20,\n  \"page\": 1,\n"
                                           "  \"total\": 2\n}\n"));
  CHECK_THAT(filtered.out, Catch::Contains("\"name\": \"apple\""));
  CHECK_THAT(filtered.out, Catch::Contains("\"name\": \"apricot\""));

  ProcessResult by_description = cli.Run({"item", "list", "--description", "fruit b"});
  CHECK_THAT(by_description.out, Catch::EndsWith("page 1 of 1, 1 item in total\n"));

  ProcessResult all = cli.Run({"item", "list", "--all", "--json"});
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out, Catch::EndsWith("  \"limit\": 4,\n  \"page\": 1,\n  \"total\": 4\n}\n"));

  ProcessResult after = cli.Run({"item", "list", "--after-id", "2", "--limit", "1"});
  CHECK(after.exit_code == 0);
  CHECK(NoTimes(after.out) ==
        "ID  NAME    USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "3   cherry  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           fruit cherry\n"
        "1 item after id 2, 4 in total\n");
  ProcessResult after_json = cli.Run({"item", "list", "--after-id", "3", "--json"});
  CHECK(after_json.exit_code == 0);
  CHECK_THAT(after_json.out, Catch::Contains("\"name\": \"apricot\""));
  CHECK_THAT(after_json.out, Catch::EndsWith("  \"page\": 1,\n  \"total\": 4\n}\n"));
  ProcessResult after_and_page = cli.Run({"item", "list", "--after-id", "2", "--page", "2"});
  CHECK(after_and_page.exit_code == 2);
  CHECK(after_and_page.err ==
        "itemctl: error: --page excludes --after-id (run with --help for usage)\n");

  ProcessResult beyond = cli.Run({"item", "list", "--page", "9"});
  CHECK(beyond.out ==
        "ID  NAME  USER_ID  OWNER  CREATED_AT  UPDATED_AT  DESCRIPTION\n"
        "page 9 of 1, 4 items in total\n");
}

TEST_CASE("item list and show give each owner's username next to the id", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"user", "add", "bob"}));
  RequireOk(cli.Run({"user", "add", "2024"}));  // digits: shown as the name it is
  RequireOk(cli.Run({"item", "add", "mine"}));
  RequireOk(cli.Run({"item", "add", "bobs", "--owner", "bob"}));
  RequireOk(cli.Run({"item", "add", "dated", "--owner", "2024"}));
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.err.empty());
  CHECK(NoTimes(listed.out) ==
        "ID  NAME   USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "1   mine   1        admin  YYYY-MM-DDTHH:MM:SSZ  -           -\n"
        "2   bobs   2        bob    YYYY-MM-DDTHH:MM:SSZ  -           -\n"
        "3   dated  3        2024   YYYY-MM-DDTHH:MM:SSZ  -           -\n"
        "page 1 of 1, 3 items in total\n");

  ProcessResult shown = cli.Run({"item", "show", "3"});
  CHECK(NoTimes(shown.out) ==
        "ID  NAME   USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "3   dated  3        2024   YYYY-MM-DDTHH:MM:SSZ  -           -\n");

  // --json keeps the API's shape: the id, no name.
  ProcessResult json = cli.Run({"item", "list", "--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"user_id\": 3"));
  CHECK(json.out.find("bob\"") == std::string::npos);
  CHECK(json.out.find("owner") == std::string::npos);
}

TEST_CASE("item list rejects bad paging", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  ProcessResult zero = cli.Run({"item", "list", "--page", "0"});
  CHECK(zero.exit_code == 5);
  CHECK(zero.out.empty());
  CHECK(zero.err == "itemctl: error: page must be an integer >= 1\n");

  ProcessResult words = cli.Run({"item", "list", "--limit", "many"});
  CHECK(words.exit_code == 2);
  CHECK(words.out.empty());
  CHECK_THAT(words.err, Catch::StartsWith("itemctl: error: "));
  CHECK_THAT(words.err, Catch::Contains("many"));

  ProcessResult both = cli.Run({"item", "list", "--all", "--limit", "3"});
  CHECK(both.exit_code == 2);
  CHECK(both.err == "itemctl: error: --limit excludes --all (run with --help for usage)\n");
}

TEST_CASE("item show finds an item by id and others are not found or not ids", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"item", "add", "widget"}));
  ProcessResult shown = cli.Run({"item", "show", "1"});
  CHECK(shown.exit_code == 0);
  CHECK(NoTimes(shown.out) ==
        std::string(kHeader) + "1   widget  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           -\n");

  ProcessResult missing = cli.Run({"item", "show", "42"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.empty());
  CHECK(missing.err == "itemctl: error: item 42 not found\n");

  for (const char* bad : {"abc", "0", "-3", "1x"}) {
    ProcessResult not_id = cli.Run({"item", "show", bad});
    INFO(bad);
    CHECK(not_id.exit_code == 2);
    CHECK(not_id.out.empty());
    CHECK(not_id.err == std::string("itemctl: error: item_id: '") + bad +
                            "' is not a positive whole number (run with --help for usage)\n");
  }
}

TEST_CASE("item update renames, keeps its own name, and refuses another's", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"item", "add", "widget"}));
  RequireOk(cli.Run({"item", "add", "gadget"}));
  ProcessResult renamed = cli.Run({"item", "update", "1", "--name", "gizmo", "--description", "d"});
  CHECK(renamed.exit_code == 0);
  CHECK(NoTimes(renamed.out) ==
        "ID  NAME   USER_ID  OWNER  CREATED_AT            UPDATED_AT            DESCRIPTION\n"
        "1   gizmo  1        admin  YYYY-MM-DDTHH:MM:SSZ  YYYY-MM-DDTHH:MM:SSZ  d\n");

  CHECK(cli.Run({"item", "update", "1", "--name", "gizmo"}).exit_code == 0);

  ProcessResult clash = cli.Run({"item", "update", "1", "--name", "gadget"});
  CHECK(clash.exit_code == 4);
  CHECK(clash.out.empty());
  CHECK(clash.err == "itemctl: error: item 'gadget' already exists\n");

  ProcessResult missing = cli.Run({"item", "update", "9", "--name", "x"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err == "itemctl: error: item 9 not found\n");

  ProcessResult nothing = cli.Run({"item", "update", "1"});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err == "itemctl: error: nothing to update: give --name or --description"
                       " (run with --help for usage)\n");
}

TEST_CASE("item delete removes the item and says so", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  RequireOk(cli.Run({"item", "add", "widget"}));
  RequireOk(cli.Run({"item", "add", "gadget"}));
  ProcessResult deleted = cli.Run({"item", "delete", "1"});
  CHECK(deleted.exit_code == 0);
  CHECK(deleted.out == "Deleted item 1.\n");
  CHECK(deleted.err.empty());

  ProcessResult json = cli.Run({"item", "delete", "2", "--json"});
  CHECK(json.exit_code == 0);
  CHECK(json.out == "{\n  \"detail\": \"Deleted Item 2\"\n}\n");

  ProcessResult again = cli.Run({"item", "delete", "1"});
  CHECK(again.exit_code == 3);
  CHECK(again.out.empty());
  CHECK(again.err == "itemctl: error: item 1 not found\n");
}

TEST_CASE("two item add processes started at once on one file both succeed", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  for (int round = 0; round < 5; ++round) {
    auto spec = [&cli, round](const std::string& name) {
      test::ProcessSpec s;
      s.args = {"--db", cli.db(), "item", "add", name + std::to_string(round)};
      s.env = cli.Env();
      return s;
    };
    test::ItemctlProcess first(spec("left"));
    test::ItemctlProcess second(spec("right"));
    ProcessResult a = first.Finish();
    ProcessResult b = second.Finish();
    INFO(a.err << b.err);
    CHECK(a.exit_code == 0);
    CHECK(b.exit_code == 0);
  }
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK_THAT(listed.out, Catch::EndsWith("page 1 of 1, 10 items in total\n"));
}
