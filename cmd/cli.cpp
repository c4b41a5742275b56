#include "cmd/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cmd/commands.hpp"
#include "cmd/context.hpp"
#include "cmd/exit_code.hpp"
#include "cmd/logging.hpp"
#include "cmd/settings_file.hpp"
#include "cmd/terminal_text.hpp"
#include "core/build_info.hpp"

namespace itemctl::cmd {

namespace {

std::string VersionText() {
  const core::BuildInfo& info = core::GetBuildInfo();
  return "itemctl " + info.version + " (" + info.git_describe + ")\n" +
         "build type: " + info.build_type + "\n" + "SQLite " + info.sqlite_version + "\n" +
         "Botan " + info.botan_version;
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& globals) {
  app.set_version_flag("--version", VersionText(), "Print version information and exit");
  AddSettingsFile(app);
  app.add_option("--db", globals.db_path,
                 "Database: a SQLite file, or a postgresql:// URL (several instances)")
      ->envname("ITEMCTL_DB")
      ->capture_default_str()
      ->configurable();
  app.add_option("--secret-key-file", globals.secret_key_file,
                 "File holding the password pepper (mode 0600); default: ITEMCTL_SECRET_KEY, "
                 "else <db>.key beside a SQLite file")
      ->envname("ITEMCTL_SECRET_KEY_FILE")
      ->configurable();
  app.add_flag("--json", globals.json, "Print the API's JSON shapes instead of tables");
  app.add_option("--log-level", globals.log_level, "Log level on stderr")
      ->check(CLI::IsMember(LogLevelNames()))
      ->capture_default_str()
      ->configurable();
  app.add_option("--log-format", globals.log_format, "Log line format")
      ->check(CLI::IsMember(LogFormatNames()))
      ->capture_default_str()
      ->configurable();
}

// Messages may quote stored values: escaped like table cells.
void PrintError(const std::string& message) {
  std::cerr << "itemctl: error: " << TerminalSafe(message) << '\n' << std::flush;
}

}  // namespace

int RunCli(int argc, char** argv) {
  GlobalOptions globals;
  Action chosen;
  CLI::App app("itemctl: the admin CLI and HTTP server of the item-management backend",
               "itemctl");
  // Global options may follow the subcommand: `itemctl item list --json`.
  app.fallthrough();
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 internal error, 2 usage error, 3 not found, 4 conflict,\n"
             "5 invalid input, 6 refused, 7 database unavailable or schema out of date.");
  AddGlobalOptions(app, globals);
  AddMigrateCommands(app, chosen);
  AddUserCommands(app, chosen);
  AddItemCommands(app, chosen);
  AddRoleCommands(app, chosen);
  AddVersionCommands(app, chosen);
  AddTokenCommands(app, chosen);
  AddServeCommands(app, chosen);
  AddDbCommands(app, chosen);
  AddAuditCommands(app, chosen);
  AddConfigCommands(app, chosen);
  AddDoctorCommands(app, chosen);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string message = e.what();
    // CLI11's messages about the settings file do not say it is one, and
    // those about its content not which file it was.
    if (dynamic_cast<const CLI::FileError*>(&e) != nullptr) message = "--config: " + message;
    if (dynamic_cast<const CLI::ConfigError*>(&e) != nullptr) {
      message = "--config " + SettingsFilePath(app).value_or("") + ": " + message;
    }
    // CLI11 blames a mistyped command on the missing subcommand instead.
    std::vector<std::string> unparsed = app.remaining(true);
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && !unparsed.empty()) {
      message = "unknown command '" + unparsed.front() + "'";
    }
    PrintError(message + " (run with --help for usage)");
    return kExitUsage;
  }
  std::optional<LogFormat> format = ParseLogFormat(globals.log_format);
  SetUpLogging(globals.log_level, format.value_or(LogFormat::kText));

  Context ctx(std::move(globals), std::cout);
  core::Status status = chosen(ctx);
  if (!status) {
    std::cout.flush();
    PrintError(status.error().message);
    return ExitCode(status.error().code);
  }
  std::cout.flush();
  if (!std::cout) {
    PrintError("cannot write to standard output");
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace itemctl::cmd
