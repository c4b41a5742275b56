// Stored text cannot drive the admin's terminal: tables and error messages
// show control characters escaped, while --json stays exact (SPEC §8).

#include <catch2/catch.hpp>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::Cli;
using test::NoTimes;
using test::ProcessResult;

namespace {

// A name with the 8-bit CSI (U+009B), and a description that would set the
// window title, ring the bell, clear the screen, then use DEL and C1.
const std::string kName = "evil\xC2\x9B"
                          "31m";
const std::string kDescription = "\x1B]0;pwned\x07\x1B[2J del\x7F c1\xC2\x9B end\n";

const char* const kTable =
    "ID  NAME           USER_ID  OWNER  CREATED_AT            UPDATED_AT  DESCRIPTION\n"
    "1   evil\\u009b31m  1        admin  YYYY-MM-DDTHH:MM:SSZ  -           "
    "\\x1b]0;pwned\\x07\\x1b[2J del\\x7f c1\\u009b end\\n\n";

// A byte a terminal would act on: C0 (ESC, BEL, ...), DEL, or the second
// byte of a UTF-8 C1 character.
bool HasTerminalControl(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') continue;
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F && i > 0 &&
                                  static_cast<unsigned char>(text[i - 1]) == 0xC2)) {
      return true;
    }
  }
  return false;
}

void AddHostileItem(const Cli& cli) {
  cli.Migrate();
  ProcessResult added = cli.Run({"--json", "item", "add", kName, "--description", kDescription});
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
}

}  // namespace

TEST_CASE("item list and item show print escape sequences from the database as text",
          "[db][cmd][output]") {
  Cli cli;
  AddHostileItem(cli);
  ProcessResult listed = cli.Run({"item", "list"});
  CHECK(listed.exit_code == 0);
  CHECK(NoTimes(listed.out) == std::string(kTable) + "page 1 of 1, 1 item in total\n");
  CHECK_FALSE(HasTerminalControl(listed.out));
  CHECK(listed.out.find('\x1B') == std::string::npos);
  CHECK(listed.out.find('\x7F') == std::string::npos);
  CHECK(listed.out.find('\x9B') == std::string::npos);
  CHECK(listed.err.empty());

  ProcessResult shown = cli.Run({"item", "show", "1"});
  CHECK(shown.exit_code == 0);
  CHECK(NoTimes(shown.out) == kTable);
  CHECK_FALSE(HasTerminalControl(shown.out));
}

TEST_CASE("json output prints the stored text exactly with C0 escaped by JSON",
          "[db][cmd][output]") {
  Cli cli;
  AddHostileItem(cli);
  ProcessResult json = cli.Run({"--json", "item", "show", "1"});
  CHECK(json.exit_code == 0);
  // DEL and C1 stay raw in JSON: it is for scripts, which need the bytes.
  CHECK(NoTimes(json.out) ==
        "{\n"
        "  \"created_at\": \"YYYY-MM-DDTHH:MM:SSZ\",\n"
        "  \"description\": \"\\u001b]0;pwned\\u0007\\u001b[2J del\x7F c1\xC2\x9B end\\n\",\n"
        "  \"id\": 1,\n"
        "  \"name\": \"evil\xC2\x9B"
        "31m\",\n"
        "  \"updated_at\": null,\n"
        "  \"user_id\": 1\n"
        "}\n");
  CHECK(json.out.find('\x1B') == std::string::npos);
}

TEST_CASE("error messages that quote a stored value escape it too", "[db][cmd][output]") {
  Cli cli;
  AddHostileItem(cli);
  ProcessResult again = cli.Run({"item", "add", kName});
  CHECK(again.exit_code == 4);
  CHECK(again.out.empty());
  CHECK(again.err == "itemctl: error: item 'evil\\u009b31m' already exists\n");
  CHECK_FALSE(HasTerminalControl(again.err));

  // core already spells out C0 in messages; the CLI does not escape twice.
  ProcessResult renamed = cli.Run({"item", "update", "1", "--name", "x\x1B[2J"});
  CHECK(renamed.exit_code == 5);
  CHECK(renamed.err ==
        "itemctl: error: item name 'x\\x1b[2J' is invalid: it must not contain control "
        "characters\n");
}
