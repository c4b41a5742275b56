#include "core/services/secret_key.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "tests/test_support.hpp"

using namespace itemctl;

namespace {

void WriteFile(const std::string& path, const std::string& content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

}  // namespace

TEST_CASE("ITEMCTL_SECRET_KEY wins over the key file", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  WriteFile(db + ".key", "file-key-0123456789abcdef", 0600);
  auto key = core::LoadOrCreateSecretKey(db, std::string("env-key-0123456789"));
  REQUIRE(key);
  CHECK(*key == "env-key-0123456789");
}

TEST_CASE("a short ITEMCTL_SECRET_KEY is refused without echoing it", "[core][secret]") {
  test::TempDir dir;
  auto key = core::LoadOrCreateSecretKey(dir.File("itemctl.db"), std::string("short-secret"));
  REQUIRE_FALSE(key);
  CHECK(key.error().code == core::Errc::kInvalidArgument);
  CHECK(key.error().message ==
        "ITEMCTL_SECRET_KEY is too short: use at least 16 characters (got 12)");
  CHECK_FALSE(std::filesystem::exists(dir.File("itemctl.db.key")));
}

TEST_CASE("the first run creates a 64-character key file with mode 0600", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE(key);
  CHECK(std::regex_match(*key, std::regex("[A-Za-z0-9]{64}")));
  CHECK(ModeOf(db + ".key") == 0600);
  std::ifstream in(db + ".key");
  std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(stored == *key);
  // Only the key file is left behind, no temporary file.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("the key file is created with mode 0600 whatever the umask", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  mode_t previous = ::umask(0);
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  ::umask(previous);
  REQUIRE(key);
  CHECK(ModeOf(db + ".key") == 0600);
}

TEST_CASE("later runs reuse the key file", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  auto first = core::LoadOrCreateSecretKey(db, std::nullopt);
  auto second = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first == *second);
}

TEST_CASE("a hand-written key file is read without its trailing newline", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  WriteFile(db + ".key", "my-own-key-0123456789\n", 0400);
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE(key);
  CHECK(*key == "my-own-key-0123456789");
}

TEST_CASE("a key file readable by group or others is refused", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  std::string path = db + ".key";
  mode_t mode = GENERATE(mode_t{0640}, mode_t{0604}, mode_t{0644});
  WriteFile(path, "file-key-0123456789abcdef", mode);
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE_FALSE(key);
  CHECK(key.error().code == core::Errc::kStorage);
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
  CHECK(key.error().message == "key file '" + path + "' has mode " + octal +
                                   ": it must be readable by its owner only (chmod 600 '" +
                                   path + "')");
}

TEST_CASE("a key file that is too short is refused", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  std::string path = db + ".key";
  WriteFile(path, "tiny\n", 0600);
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE_FALSE(key);
  CHECK(key.error().code == core::Errc::kStorage);
  CHECK(key.error().message ==
        "key file '" + path + "' holds 4 characters: at least 16 are needed");
}

TEST_CASE("a key file in a missing directory is a storage error", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("missing/itemctl.db");
  auto key = core::LoadOrCreateSecretKey(db, std::nullopt);
  REQUIRE_FALSE(key);
  CHECK(key.error().code == core::Errc::kStorage);
  CHECK(key.error().message ==
        "cannot create key file '" + db + ".key': No such file or directory");
}

TEST_CASE("an in-memory database gets a random in-process key", "[core][secret]") {
  auto first = core::LoadOrCreateSecretKey(":memory:", std::nullopt);
  auto second = core::LoadOrCreateSecretKey(":memory:", std::nullopt);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->size() == 64);
  CHECK(*first != *second);
  CHECK_FALSE(std::filesystem::exists(":memory:.key"));
}

TEST_CASE("checking the key never creates the key file", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  auto missing = core::CheckSecretKey(db, {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == core::Errc::kStorage);
  CHECK(missing.error().message ==
        "key file '" + db + ".key' does not exist: restore it from a backup, or set "
        "ITEMCTL_SECRET_KEY or --secret-key-file to the key the passwords were hashed with");
  CHECK_FALSE(std::filesystem::exists(db + ".key"));

  WriteFile(db + ".key", "file-key-0123456789abcdef\n", 0600);
  auto found = core::CheckSecretKey(db, {});
  REQUIRE(found);
  CHECK(*found == "key file '" + db + ".key' is readable by its owner only");
}

TEST_CASE("checking the key applies the key file's rules", "[core][secret]") {
  test::TempDir dir;
  std::string db = dir.File("itemctl.db");
  WriteFile(db + ".key", "file-key-0123456789abcdef", 0644);
  auto loose = core::CheckSecretKey(db, {});
  REQUIRE_FALSE(loose);
  CHECK(loose.error().message == "key file '" + db + ".key' has mode 0644: it must be readable "
                                 "by its owner only (chmod 600 '" + db + ".key')");
  CHECK(ModeOf(db + ".key") == 0644);

  std::string named = dir.File("pepper");
  WriteFile(named, "short", 0600);
  auto short_key = core::CheckSecretKey(db, {std::nullopt, named});
  REQUIRE_FALSE(short_key);
  CHECK(short_key.error().message ==
        "key file '" + named + "' holds 5 characters: at least 16 are needed");
  auto absent = core::CheckSecretKey(db, {std::nullopt, dir.File("nowhere")});
  REQUIRE_FALSE(absent);
  CHECK(absent.error().message ==
        "cannot open key file '" + dir.File("nowhere") + "': No such file or directory");
}

TEST_CASE("checking the key accepts the variable and refuses a PostgreSQL URL without one",
          "[core][secret]") {
  auto from_env = core::CheckSecretKey("postgresql://db/itemctl",
                                       {std::string("env-key-0123456789"), std::nullopt});
  REQUIRE(from_env);
  CHECK(*from_env == "the key comes from ITEMCTL_SECRET_KEY");
  auto short_env =
      core::CheckSecretKey("postgresql://db/itemctl", {std::string("short"), std::nullopt});
  REQUIRE_FALSE(short_env);
  CHECK(short_env.error().code == core::Errc::kInvalidArgument);
  auto none = core::CheckSecretKey("postgresql://db/itemctl", {});
  REQUIRE_FALSE(none);
  CHECK(none.error().message ==
        "a PostgreSQL database needs the password pepper every instance shares: "
        "set ITEMCTL_SECRET_KEY or --secret-key-file");
}
