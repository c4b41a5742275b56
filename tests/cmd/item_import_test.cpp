// `itemctl item import FILE` and `item export`: all rows or none, the first
// bad line reported by number, and export output that imports again.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <utility>
#include <vector>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;

namespace {

std::string Write(const Cli& cli, const std::string& name, const std::string& contents) {
  std::string path = cli.dir().File(name);
  std::ofstream out(path, std::ios::binary);
  out << contents;
  return path;
}

std::string Footer(const Cli& cli) {
  ProcessResult listed = cli.Run({"item", "list", "--limit", "1"});
  REQUIRE(listed.exit_code == 0);
  return listed.out.substr(listed.out.rfind("page "));
}

}  // namespace

TEST_CASE("item import reads RFC 4180 CSV with quotes, commas and line breaks", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  std::string file = Write(cli, "items.csv",
                           "name,description\r\n"
                           "plain,simple\r\n"
                           "\"with, comma\",\"say \"\"hi\"\"\"\r\n"
                           "multi,\"two\nlines\"\r\n"
                           "\r\n"
                           "bare,\r\n");
  ProcessResult imported = cli.Run({"item", "import", file});
  CHECK(imported.exit_code == 0);
  CHECK(imported.out == "Imported 4 items from '" + file + "' for 'admin'.\n");
  CHECK(imported.err.empty());
  ProcessResult exported = cli.Run({"item", "export"});
  CHECK(NoTimes(exported.out) ==
        "{\"created_at\":\"YYYY-MM-DDTHH:MM:SSZ\",\"description\":\"simple\",\"id\":1,"
        "\"name\":\"plain\",\"updated_at\":null,\"user_id\":1}\n"
        "{\"created_at\":\"YYYY-MM-DDTHH:MM:SSZ\",\"description\":\"say \\\"hi\\\"\",\"id\":2,"
        "\"name\":\"with, comma\",\"updated_at\":null,\"user_id\":1}\n"
        "{\"created_at\":\"YYYY-MM-DDTHH:MM:SSZ\",\"description\":\"two\\nlines\",\"id\":3,"
        "\"name\":\"multi\",\"updated_at\":null,\"user_id\":1}\n"
        "{\"created_at\":\"YYYY-MM-DDTHH:MM:SSZ\",\"description\":null,\"id\":4,"
        "\"name\":\"bare\",\"updated_at\":null,\"user_id\":1}\n");
}

TEST_CASE("item import reads JSON lines for --owner and reports the count as JSON", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(cli.Run({"user", "add", "bob"}).exit_code == 0);
  std::string file = Write(cli, "items.jsonl",
                           "{\"name\": \"one\", \"description\": \"first\"}\n"
                           "\n"
                           "{\"name\": \"two\", \"description\": null}\n"
                           "{\"name\": \"three\"}\n");
  ProcessResult imported = cli.Run({"item", "import", file, "--owner", "bob", "--json"});
  CHECK(imported.exit_code == 0);
  CHECK(imported.out == "{\n  \"imported\": 3\n}\n");
  CHECK(imported.err.empty());
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK(NoTimes(listed.out) ==
        "ID  NAME   USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
        "1   one    2        bob    YYYY-MM-DDTHH:MM:SSZ  -           first\n"
        "2   two    2        bob    YYYY-MM-DDTHH:MM:SSZ  -           -\n"
        "3   three  2        bob    YYYY-MM-DDTHH:MM:SSZ  -           -\n"
        "page 1 of 1, 3 items in total\n");
}

TEST_CASE("item import of a file with a bad line imports nothing and names the line", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(cli.Run({"item", "add", "taken"}).exit_code == 0);
  struct Case {
    const char* file;
    const char* contents;
    int exit_code;
    const char* message;
  };
  const Case cases[] = {
      {"invalid.csv", "name,description\nok,1\n,empty name\n", 5,
       "line 3: item name '' is invalid: it must not be empty or blank"},
      {"clash.csv", "name,description\nfresh,1\ntaken,2\n", 4, "line 3: item 'taken' already exists"},
      {"twice.jsonl", "{\"name\":\"a\"}\n{\"name\":\"b\"}\n{\"name\":\"a\"}\n", 4,
       "line 3: item 'a' is a duplicate of line 1"},
      {"fields.csv", "name,description\nok,1\nbad,2,3\n", 5, "line 3: expected 2 fields, found 3"},
      {"quote.csv", "name,description\nok,1\n\"open,2\n", 5,
       "line 3: a quoted field is never closed"},
      {"header.csv", "title,description\nok,1\n", 5,
       "line 1: unknown column 'title': the header must name the columns name,description"},
      {"json.jsonl", "{\"name\":\"ok\"}\n{\"name\": \"x\",}\n", 5,
       "line 2: column 14: not valid JSON: syntax error while parsing object key - unexpected "
       "'}'; expected string literal"},
      {"type.jsonl", "{\"name\":\"ok\"}\n{\"name\": 7}\n", 5,
       "line 2: field 'name' must be a string, found a number"},
      {"missing.jsonl", "{\"description\":\"no name\"}\n", 5, "line 1: field 'name' is required"},
      {"unknown.jsonl", "{\"name\":\"ok\",\"colour\":\"red\"}\n", 5,
       "line 1: unknown field 'colour': expected name and description"},
      {"empty.csv", "", 5, "line 1: the file is empty: expected the header name,description"},
  };
  for (const Case& c : cases) {
    std::string path = Write(cli, c.file, c.contents);
    ProcessResult failed = cli.Run({"item", "import", path});
    INFO(c.file);
    CHECK(failed.exit_code == c.exit_code);
    CHECK(failed.out.empty());
    CHECK(failed.err == std::string("itemctl: error: ") + c.message + "\n");
  }
  CHECK(Footer(cli) == "page 1 of 1, 1 item in total\n");
}

TEST_CASE("item import picks the format by extension unless --format says", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  std::string text = Write(cli, "items.txt", "{\"name\":\"from-text\"}\n");
  ProcessResult unknown = cli.Run({"item", "import", text});
  CHECK(unknown.exit_code == 5);
  CHECK(unknown.err == "itemctl: error: cannot tell the format of '" + text +
                           "' from its name: use --format csv or --format jsonl\n");
  CHECK(cli.Run({"item", "import", text, "--format", "jsonl"}).exit_code == 0);

  ProcessResult bad_format = cli.Run({"item", "import", text, "--format", "xml"});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err ==
        "itemctl: error: --format: xml not in {csv,jsonl} (run with --help for usage)\n");

  std::string missing = cli.dir().File("nope.csv");
  ProcessResult absent = cli.Run({"item", "import", missing});
  CHECK(absent.exit_code == 2);
  CHECK(absent.err == "itemctl: error: file: File does not exist: " + missing +
                          " (run with --help for usage)\n");
}

TEST_CASE("item import loads 100 000 rows in one go, silently when not on a terminal",
          "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  std::string contents = "name,description\n";
  for (int i = 1; i <= 100000; ++i) {
    contents += "item-" + std::to_string(i) + ",row " + std::to_string(i) + "\n";
  }
  std::string file = Write(cli, "big.csv", contents);
  ProcessResult imported = cli.Run({"item", "import", file});
  CHECK(imported.exit_code == 0);
  CHECK(imported.out == "Imported 100000 items from '" + file + "' for 'admin'.\n");
  CHECK(imported.err.empty());
  CHECK(Footer(cli) == "page 1 of 100000, 100000 items in total\n");
  ProcessResult last = cli.Run({"item", "show", "100000", "--json"});
  CHECK_THAT(last.out, Catch::Contains("\"name\": \"item-100000\""));
}

TEST_CASE("item export output imports into another database unchanged", "[db][cmd]") {
  Cli source;
  source.Migrate();
  REQUIRE(source.Run({"item", "add", "plain", "--description", "text"}).exit_code == 0);
  REQUIRE(source.Run({"item", "add", "quoted, \"name\"", "--description", "a\nb"}).exit_code == 0);
  REQUIRE(source.Run({"item", "add", "bare"}).exit_code == 0);
  REQUIRE(source.Run({"item", "add", "empty", "--description", ""}).exit_code == 0);

  SECTION("as JSON lines") {
    ProcessResult exported = source.Run({"item", "export"});
    REQUIRE(exported.exit_code == 0);
    Cli target;
    target.Migrate();
    std::string file = Write(target, "export.jsonl", exported.out);
    ProcessResult imported = target.Run({"item", "import", file});
    CHECK(imported.exit_code == 0);
    CHECK(imported.err.empty());
    CHECK(NoTimes(target.Run({"item", "export"}).out) == NoTimes(exported.out));
  }
  SECTION("as CSV, where an empty description is quoted and none is nothing") {
    ProcessResult exported = source.Run({"item", "export", "--format", "csv"});
    REQUIRE(exported.exit_code == 0);
    CHECK(NoTimes(exported.out) ==
          "id,name,description,user_id,created_at,updated_at\r\n"
          "1,plain,text,1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
          "2,\"quoted, \"\"name\"\"\",\"a\nb\",1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
          "3,bare,,1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
          "4,empty,\"\",1,YYYY-MM-DDTHH:MM:SSZ,\r\n");
    Cli target;
    target.Migrate();
    std::string file = Write(target, "export.csv", exported.out);
    ProcessResult imported = target.Run({"item", "import", file});
    CHECK(imported.exit_code == 0);
    CHECK(imported.err.empty());
    CHECK(NoTimes(target.Run({"item", "export", "--format", "csv"}).out) == NoTimes(exported.out));
    CHECK(NoTimes(target.Run({"item", "export"}).out) ==
          NoTimes(source.Run({"item", "export"}).out));
  }
}

TEST_CASE("item export --format csv guards cells a spreadsheet would run as formulas",
          "[db][cmd][csv]") {
  Cli cli;
  cli.Migrate();
  std::string file = Write(cli, "formulas.jsonl",
                           "{\"name\":\"=1+1\",\"description\":\"@SUM(A1)\"}\n"
                           "{\"name\":\"+cmd\",\"description\":\"\\t=tab\"}\n"
                           "{\"name\":\"-2\",\"description\":\"\\r=cr\"}\n"
                           "{\"name\":\"'quoted'\",\"description\":\"a=b\"}\n");
  REQUIRE(cli.Run({"item", "import", file}).exit_code == 0);
  ProcessResult exported = cli.Run({"item", "export", "--format", "csv"});
  CHECK(exported.exit_code == 0);
  CHECK(NoTimes(exported.out) ==
        "id,name,description,user_id,created_at,updated_at\r\n"
        "1,'=1+1,'@SUM(A1),1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
        "2,'+cmd,'\t=tab,1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
        "3,'-2,\"'\r=cr\",1,YYYY-MM-DDTHH:MM:SSZ,\r\n"
        "4,''quoted',a=b,1,YYYY-MM-DDTHH:MM:SSZ,\r\n");
  // JSON lines are for programs: unchanged.
  CHECK_THAT(cli.Run({"item", "export"}).out,
             Catch::Contains("\"description\":\"@SUM(A1)\",\"id\":1,\"name\":\"=1+1\""));
}

TEST_CASE("CSV export then import round-trips tricky values byte for byte", "[db][cmd][csv]") {
  const std::vector<std::pair<std::string, std::optional<std::string>>> values = {
      {"=1+1", "=2+2"},
      {"+cmd", "+"},
      {"-2", "-"},
      {"@SUM(A1)", "@"},
      {"'", "'"},
      {"''", "''"},
      {"'=", "'="},
      {"'quoted'", "'a"},
      {"'+x", "\t=tab"},
      {"tab", "\tlead"},
      {"cr", "\r=cr"},
      {"crlf", "a\r\nb\rc\nd"},
      {"empty", ""},
      {"none", std::nullopt},
      {"\"quotes\"", "say \"hi\", \"\""},
      {"a,b", ",,,"},
      {" =space first", "  "},
      {"=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0"},
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "\xC2\x9B\x1B[2J\x7F"},
  };
  Cli source;
  source.Migrate();
  std::string jsonl;
  for (const auto& [name, description] : values) {
    nlohmann::json line{{"name", name}, {"description", nullptr}};
    if (description) line["description"] = *description;
    jsonl += line.dump() + "\n";
  }
  ProcessResult loaded = source.Run({"item", "import", Write(source, "tricky.jsonl", jsonl)});
  INFO(loaded.err);
  REQUIRE(loaded.exit_code == 0);

  ProcessResult csv = source.Run({"item", "export", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  Cli target;
  target.Migrate();
  ProcessResult imported = target.Run({"item", "import", Write(target, "export.csv", csv.out)});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  std::string original = source.Run({"item", "export"}).out;
  std::string copy = target.Run({"item", "export"}).out;
  CHECK(std::count(original.begin(), original.end(), '\n') ==
        static_cast<std::ptrdiff_t>(values.size()));
  CHECK(NoTimes(copy) == NoTimes(original));
  CHECK(NoTimes(target.Run({"item", "export", "--format", "csv"}).out) == NoTimes(csv.out));
}

TEST_CASE("item export filters like item list", "[db][cmd]") {
  Cli cli;
  cli.Migrate();
  REQUIRE(cli.Run({"item", "add", "apple"}).exit_code == 0);
  REQUIRE(cli.Run({"item", "add", "banana"}).exit_code == 0);
  ProcessResult exported = cli.Run({"item", "export", "--name", "BAN"});
  CHECK(exported.exit_code == 0);
  CHECK(NoTimes(exported.out) ==
        "{\"created_at\":\"YYYY-MM-DDTHH:MM:SSZ\",\"description\":null,\"id\":2,"
        "\"name\":\"banana\",\"updated_at\":null,\"user_id\":1}\n");
}
