// `itemctl migrate`: applies pending migrations (creating the database on
// first run, with its admin user); `migrate --status` lists them.

#include <memory>
#include <ostream>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

int SchemaVersion(const std::vector<core::MigrationStatus>& statuses) {
  int version = 0;
  for (const core::MigrationStatus& s : statuses) {
    if (s.applied_at) version = s.migration.version;
  }
  return version;
}

core::Status RunMigrate(Context& ctx) {
  core::Result<core::BootstrapReport> report = BootstrapDatabase(ctx);
  if (!report) return report.error();
  core::Result<const core::ServiceSet*> services =
      ctx.ServicesForMigration(core::OpenMode::kMustExist);
  if (!services) return services.error();
  core::Result<std::vector<core::MigrationStatus>> statuses = (*services)->schema().Status();
  if (!statuses) return statuses.error();
  int version = SchemaVersion(*statuses);
  if (ctx.json()) {
    nlohmann::json out{{"applied", report->migrations_applied},
                       {"schema_version", version},
                       {"admin_created", report->admin_created}};
    if (report->generated_admin_password) {
      core::Result<std::optional<std::string>> file =
          StoreAdminPasswordUnlessTerminal(ctx, *report->generated_admin_password);
      if (!file) return file.error();
      if (*file) {
        out["admin_password_file"] = **file;
      } else {
        out["admin_password"] = *report->generated_admin_password;
      }
    }
    PrintJson(ctx.out(), out);
    return core::Ok();
  }
  if (report->migrations_applied > 0) {
    ctx.out() << "Applied " << Count(report->migrations_applied, "migration")
              << "; the schema is at version " << version << ".\n";
  } else {
    ctx.out() << "The schema is up to date at version " << version << ".\n";
  }
  return PrintAdminCredentials(ctx, *report);
}

core::Status RunMigrateStatus(Context& ctx) {
  core::Result<const core::ServiceSet*> services =
      ctx.ServicesForMigration(core::OpenMode::kMustExist);
  if (!services) return services.error();
  core::Result<std::vector<core::MigrationStatus>> statuses = (*services)->schema().Status();
  if (!statuses) return statuses.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJsonArray(*statuses));
  } else {
    MigrationTable(*statuses).Print(ctx.out());
  }
  return core::Ok();
}

}  // namespace

core::Result<core::BootstrapReport> BootstrapDatabase(Context& ctx) {
  if (core::Status free = CheckAdminPasswordFileFree(ctx); !free) return free.error();
  core::Result<const core::ServiceSet*> services =
      ctx.ServicesForMigration(core::OpenMode::kCreateIfMissing, Context::Hashing::kNeeded);
  if (!services) return services.error();
  return core::Bootstrap(**services, ctx.actor(), EnvValue("ITEMCTL_ADMIN_PASSWORD"));
}

void AddMigrateCommands(CLI::App& root, Action& chosen) {
  CLI::App* migrate = root.add_subcommand(
      "migrate", "Apply pending migrations (creates the database and its admin on first run)");
  auto status = std::make_shared<bool>(false);
  migrate->add_flag("--status", *status, "List applied and pending migrations; change nothing");
  migrate->callback([&chosen, status] {
    chosen = *status ? Action(RunMigrateStatus) : Action(RunMigrate);
  });
}

}  // namespace itemctl::cmd
