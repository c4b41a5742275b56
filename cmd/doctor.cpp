// `itemctl doctor`: is this installation healthy? One line per check of
// core::Doctor, `ok` or `FAIL` with the fix; exit 0 only when every check
// passes, else 6 (kFailedPrecondition). A database that cannot be opened at
// all (missing, not a database, unreachable) is exit 7, as for any command:
// the doctor never creates one.

#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cmd/commands.hpp"
#include "cmd/terminal_text.hpp"
#include "core/services/doctor.hpp"

namespace itemctl::cmd {

namespace {

struct DoctorOptions {
  int max_failures_per_account = core::ThrottleConfig{}.max_failures_per_account;
};

// {"checks":[{"name","ok","detail"}, ...]}, keys in that order.
void PrintChecksJson(std::ostream& out, const std::vector<core::HealthCheck>& checks) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const core::HealthCheck& check : checks) {
    list.push_back({{"name", check.name}, {"ok", check.ok}, {"detail", check.detail}});
  }
  nlohmann::ordered_json body;
  body["checks"] = std::move(list);
  out << body.dump(2) << '\n';
}

// "ok    schema: at version 3, current", "FAIL  admins: no active admin: ...".
void PrintChecks(std::ostream& out, const std::vector<core::HealthCheck>& checks) {
  for (const core::HealthCheck& check : checks) {
    out << (check.ok ? "ok    " : "FAIL  ") << check.name << ": " << TerminalSafe(check.detail)
        << '\n';
  }
}

core::Status RunDoctor(Context& ctx, const DoctorOptions& o) {
  // Any schema version (telling what is wrong with it is a check), never
  // created, and no password hasher, which would create the key file.
  core::Result<const core::ServiceSet*> services =
      ctx.ServicesForMigration(core::OpenMode::kMustExist);
  if (!services) return services.error();
  core::Doctor doctor = (*services)->doctor(
      {.db = ctx.options().db_path,
       .secret_key = {EnvValue("ITEMCTL_SECRET_KEY"), ctx.options().secret_key_file},
       .max_failures_per_account = o.max_failures_per_account});
  core::Result<std::vector<core::HealthCheck>> checks = doctor.Run(ctx.actor());
  if (!checks) return checks.error();
  if (ctx.json()) {
    PrintChecksJson(ctx.out(), *checks);
  } else {
    PrintChecks(ctx.out(), *checks);
  }
  std::size_t failed = core::CountFailed(*checks);
  if (failed == 0) return core::Ok();
  return core::MakeError(core::Errc::kFailedPrecondition,
                         std::to_string(failed) + " of " + std::to_string(checks->size()) +
                             " checks failed");
}

}  // namespace

void AddDoctorCommands(CLI::App& root, Action& chosen) {
  auto o = std::make_shared<DoctorOptions>();
  CLI::App* doctor = root.add_subcommand(
      "doctor",
      "Check the installation's health: schema, integrity, key file, file modes, admins, WAL "
      "size, expired sessions, locked accounts, disk space, clock");
  doctor->footer(
      "Prints one line per check, 'ok' or 'FAIL' with the fix (--json: "
      "{\"checks\":[{\"name\",\"ok\",\"detail\"}]}).\n"
      "Exit 0 when every check passes, 6 when any fails, 7 when the database cannot be "
      "opened.\nReads only: it never creates, migrates, purges or unlocks anything.");
  doctor->add_option("--login-max-failures-per-account", o->max_failures_per_account,
                     "The limit 'serve' runs with: accounts with this many failed logins "
                     "within the window are locked out")
      ->envname("ITEMCTL_LOGIN_MAX_FAILURES_PER_ACCOUNT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  doctor->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunDoctor(ctx, *o); };
  });
}

}  // namespace itemctl::cmd
