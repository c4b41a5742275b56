// `itemctl config show` and the --config file: every setting's value and
// source, CLI11's precedence (flag, file, environment, default), secrets
// masked, and `serve` reading the same file.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "tests/cmd/itemctl_runner.hpp"

using namespace itemctl;
using test::ProcessResult;
using test::RunItemctl;
using test::TempDir;

namespace {

struct Shown {
  nlohmann::json value;
  std::string source;
};

// `itemctl config show --json args...` as name -> (value, source), in a
// scratch directory's database that must stay uncreated.
class ConfigShow {
 public:
  std::string Db() const { return dir_.File("itemctl.db"); }
  std::string File(const std::string& name, const std::string& text) const {
    std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }
  ProcessResult Run(std::vector<std::string> args, const std::vector<std::string>& env = {}) const {
    args.insert(args.begin(), {"config", "show"});
    return RunItemctl(args, env);
  }
  std::map<std::string, Shown> Json(std::vector<std::string> args,
                                    const std::vector<std::string>& env = {}) const {
    args.push_back("--json");
    ProcessResult shown = Run(args, env);
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.err.empty());
    nlohmann::json doc = nlohmann::json::parse(shown.out);
    std::map<std::string, Shown> settings;
    for (const nlohmann::json& row : doc.at("settings")) {
      REQUIRE(row.size() == 3);
      settings[row.at("name").get<std::string>()] = {row.at("value"),
                                                      row.at("source").get<std::string>()};
    }
    return settings;
  }
  // Nothing written: config show opens no database and no key file.
  void CheckNothingCreated() const {
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      INFO(entry.path());
      CHECK(entry.path().extension() == ".toml");  // only the test's own files
    }
  }

 private:
  TempDir dir_;
};

void CheckShown(const std::map<std::string, Shown>& settings, const std::string& name,
                const nlohmann::json& value, const std::string& source) {
  INFO(name);
  REQUIRE(settings.count(name) == 1);
  CHECK(settings.at(name).value == value);
  CHECK(settings.at(name).source == source);
}

}  // namespace

TEST_CASE("config show lists every setting with its default and opens no database", "[cmd]") {
  ConfigShow config;
  ProcessResult table = config.Run({"--db", config.Db()});
  CHECK(table.exit_code == 0);
  CHECK(table.err.empty());
  CHECK_THAT(table.out, Catch::StartsWith("NAME "));
  CHECK(std::regex_search(table.out, std::regex("\nlisten +127\\.0\\.0\\.1:8080 +default\n")));
  CHECK(std::regex_search(table.out, std::regex("\nthreads +0 \\(auto: \\d+\\) +default\n")));
  CHECK(std::regex_search(table.out, std::regex("\nconfig +- \\(no file\\) +default\n")));
  CHECK(std::regex_search(table.out, std::regex("\nsecret-key +- \\(not set\\) +default\n")));

  auto settings = config.Json({"--db", config.Db()});
  CheckShown(settings, "config", nullptr, "default");
  CheckShown(settings, "db", config.Db(), "flag");
  CheckShown(settings, "secret-key-file", nullptr, "default");
  CheckShown(settings, "log-level", "info", "default");
  CheckShown(settings, "log-format", "text", "default");
  CheckShown(settings, "secret-key", nullptr, "default");
  CheckShown(settings, "admin-password", nullptr, "default");
  CheckShown(settings, "listen", "127.0.0.1:8080", "default");
  CheckShown(settings, "threads", "0", "default");
  CheckShown(settings, "static-dir", nullptr, "default");
  CheckShown(settings, "purge-interval", "24h", "default");
  CheckShown(settings, "audit-retention", "365d", "default");
  CheckShown(settings, "refresh-ttl", "200d", "default");
  CheckShown(settings, "trust-proxy", nullptr, "default");
  CheckShown(settings, "login-failure-window", "15m", "default");
  // Globals, two env-only secrets and serve's 19 flags; nothing else.
  CHECK(settings.size() == 5 + 2 + 19);
  config.CheckNothingCreated();
}

TEST_CASE("config show names flags and variables as sources", "[cmd]") {
  ConfigShow config;
  auto settings = config.Json(
      {"--log-level", "debug", "--listen", "0.0.0.0:9000", "--trust-proxy", "10.0.0.1",
       "--trust-proxy", "10.0.0.2"},
      {"ITEMCTL_DB=" + config.Db(), "ITEMCTL_THREADS=8", "ITEMCTL_LISTEN=127.0.0.1:1"});
  CheckShown(settings, "log-level", "debug", "flag");
  CheckShown(settings, "listen", "0.0.0.0:9000", "flag");  // the flag wins over its variable
  CheckShown(settings, "trust-proxy", "10.0.0.1,10.0.0.2", "flag");
  CheckShown(settings, "db", config.Db(), "env ITEMCTL_DB");
  CheckShown(settings, "threads", "8", "env ITEMCTL_THREADS");
  CheckShown(settings, "access-ttl", "120m", "default");

  // As for serve, a flag makes a bad variable irrelevant.
  auto bad_env = config.Json({"--listen", "127.0.0.1:1"}, {"ITEMCTL_LISTEN=nowhere"});
  CheckShown(bad_env, "listen", "127.0.0.1:1", "flag");
  config.CheckNothingCreated();
}

TEST_CASE("a config file sets globals and serve's settings below flags and above variables",
          "[cmd]") {
  ConfigShow config;
  std::string file = config.File("itemctl.toml",
                                 "# itemctl settings\n"
                                 "log-level = \"warn\"\n"
                                 "db = \"" + config.Db() + "\"\n"
                                 "[serve]\n"
                                 "listen = \"0.0.0.0:8000\"\n"
                                 "threads = 16\n"
                                 "access-ttl = \"30m\"\n"
                                 "trust-proxy = [\"10.0.0.0/8\", \"192.168.1.1\"]\n");
  std::vector<std::string> env = {"ITEMCTL_LISTEN=127.0.0.1:1", "ITEMCTL_THREADS=2",
                                  "ITEMCTL_REFRESH_TTL=30d"};
  auto settings = config.Json({"--config", file, "--access-ttl", "5m"}, env);
  CheckShown(settings, "config", file, "flag");
  CheckShown(settings, "log-level", "warn", "file " + file);
  CheckShown(settings, "db", config.Db(), "file " + file);
  CheckShown(settings, "listen", "0.0.0.0:8000", "file " + file);  // file over variable
  CheckShown(settings, "threads", "16", "file " + file);
  CheckShown(settings, "access-ttl", "5m", "flag");                  // flag over file
  CheckShown(settings, "refresh-ttl", "30d", "env ITEMCTL_REFRESH_TTL");
  CheckShown(settings, "trust-proxy", "10.0.0.0/8,192.168.1.1", "file " + file);
  CheckShown(settings, "page-max", "20", "default");

  // ITEMCTL_CONFIG names the same file.
  env.push_back("ITEMCTL_CONFIG=" + file);
  auto from_env = config.Json({}, env);
  CheckShown(from_env, "config", file, "env ITEMCTL_CONFIG");
  CheckShown(from_env, "listen", "0.0.0.0:8000", "file " + file);
  CheckShown(from_env, "access-ttl", "30m", "file " + file);
  config.CheckNothingCreated();
}

TEST_CASE("config show masks secrets in its table and its JSON", "[cmd]") {
  ConfigShow config;
  const std::string key = "pepper-that-stays-secret-42";
  const std::string admin = "admin-password-never-shown";
  const std::string url = "postgresql://items:url-password-99@localhost:5432/items";
  std::vector<std::string> env = {"ITEMCTL_SECRET_KEY=" + key, "ITEMCTL_ADMIN_PASSWORD=" + admin};
  for (const char* format : {"", "--json"}) {
    std::vector<std::string> args = {"--db", url};
    if (*format != '\0') args.push_back(format);
    ProcessResult shown = config.Run(args, env);
    INFO(shown.out);
    CHECK(shown.exit_code == 0);
    for (const std::string& secret : {key, admin, std::string("url-password-99")}) {
      CHECK(shown.out.find(secret) == std::string::npos);
      CHECK(shown.err.find(secret) == std::string::npos);
    }
  }
  auto settings = config.Json({"--db", url}, env);
  CheckShown(settings, "db", "postgresql://items:***@localhost:5432/items", "flag");
  CheckShown(settings, "secret-key", "******** (set)", "env ITEMCTL_SECRET_KEY");
  CheckShown(settings, "admin-password", "******** (set)", "env ITEMCTL_ADMIN_PASSWORD");
}

TEST_CASE("config show rejects a bad value as serve does with exit 2", "[cmd]") {
  ConfigShow config;
  ProcessResult shown = config.Run({"--threads", "abc"});
  CHECK(shown.exit_code == 2);
  CHECK(shown.out.empty());
  ProcessResult served = RunItemctl({"--db", config.Db(), "serve", "--threads", "abc"});
  CHECK(served.exit_code == 2);
  CHECK(shown.err == served.err);
  CHECK_THAT(shown.err, Catch::StartsWith("itemctl: error: --threads: "));

  std::string file = config.File("bad.toml", "[serve]\nlisten = \"nowhere\"\n");
  ProcessResult from_file = config.Run({"--config", file});
  CHECK(from_file.exit_code == 2);
  CHECK(from_file.err == "itemctl: error: --listen: 'nowhere' is not HOST:PORT with a port from "
                         "0 to 65535 (run with --help for usage)\n");
  config.CheckNothingCreated();
}

TEST_CASE("a missing or wrong config file is a usage error naming it", "[cmd]") {
  ConfigShow config;
  std::string missing = config.File("unused.toml", "") + ".missing";
  ProcessResult flag = config.Run({"--config", missing});
  CHECK(flag.exit_code == 2);
  CHECK(flag.out.empty());
  CHECK(flag.err == "itemctl: error: --config: " + missing +
                        " was not readable (missing?) (run with --help for usage)\n");
  ProcessResult env = config.Run({}, {"ITEMCTL_CONFIG=" + missing});
  CHECK(env.exit_code == 2);
  CHECK(env.err == flag.err);

  std::string typo = config.File("typo.toml", "[serve]\nlisten-on = \"0.0.0.0:1\"\n");
  ProcessResult unknown = config.Run({"--config", typo});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "itemctl: error: --config " + typo +
                           ": INI was not able to parse serve.listen-on (run with --help for "
                           "usage)\n");
  std::string output = config.File("json.toml", "json = true\n");
  ProcessResult not_setting = config.Run({"--config", output});
  CHECK(not_setting.exit_code == 2);
  CHECK(not_setting.err == "itemctl: error: --config " + output +
                               ": json: This option is not allowed in a configuration file "
                               "(run with --help for usage)\n");
}

TEST_CASE("serve takes its database and listen address from the config file", "[db][cmd]") {
  test::Cli cli;
  std::string file = cli.dir().File("itemctl.toml");
  std::ofstream(file) << "db = \"" << cli.db() << "\"\n[serve]\nlisten = \"127.0.0.1:0\"\n";
  test::ProcessSpec spec;
  spec.args = {"--config", file, "serve"};
  spec.env = cli.Env();
  spec.env.push_back("ITEMCTL_LISTEN=nowhere");  // the file wins over the variable
  test::ItemctlProcess server(spec);
  int port = server.WaitForServingPort();
  CHECK(port > 0);
  REQUIRE(kill(server.pid(), SIGTERM) == 0);
  ProcessResult stopped = server.Finish();
  CHECK(stopped.exit_code == 0);
  CHECK_THAT(stopped.out, Catch::EndsWith("itemctl serving on http://127.0.0.1:" +
                                          std::to_string(port) + " (database " +
                                          cli.db_display_name() + ")\n"));
}
