// `itemctl db copy SOURCE TARGET`: a whole deployment between databases,
// SQLite or PostgreSQL either way (core/services/database_copy.hpp).
// `itemctl db backup FILE`: the --db database, online, into a SQLite file
// (core/services/database_backup.hpp).

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "cmd/progress_bar.hpp"
#include "cmd/terminal_text.hpp"
#include "core/services/database_backup.hpp"
#include "core/services/database_copy.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::cmd {

namespace {

struct CopyOptions {
  std::string source;
  std::string target;
};

// Draws the bar only where a person watches stderr.
core::CopyProgress BarProgress(ProgressBar& bar) {
  if (!StderrIsTerminal()) return {};
  return [&bar](std::int64_t done, std::int64_t total) {
    bar.Update(static_cast<std::size_t>(done), static_cast<std::size_t>(total));
  };
}

// Copying a SQLite file onto itself would first empty it.
core::Status CheckDistinct(const std::string& source, const std::string& target) {
  std::error_code ec;
  bool same = source == target;
  if (!same && core::EngineOf(source) == core::Engine::kSqlite &&
      core::EngineOf(target) == core::Engine::kSqlite) {
    same = std::filesystem::equivalent(source, target, ec);
  }
  if (!same) return core::Ok();
  return core::MakeError(core::Errc::kInvalidArgument,
                         "source and target are the same database: give two databases");
}

core::Status RunCopy(Context& ctx, const CopyOptions& o) {
  if (core::Status distinct = CheckDistinct(o.source, o.target); !distinct) return distinct;
  core::Result<std::unique_ptr<core::Backend>> source =
      core::OpenBackend({.url = o.source, .mode = core::OpenMode::kMustExist});
  if (!source) return source.error();
  core::Result<std::unique_ptr<core::Backend>> target =
      core::OpenBackend({.url = o.target, .mode = core::OpenMode::kCreateIfMissing});
  if (!target) return target.error();
  core::Result<core::StoreLease> from = (*source)->Acquire(core::LeaseUse::kRead);
  if (!from) return from.error();
  core::Result<core::StoreLease> to = (*target)->Acquire(core::LeaseUse::kWrite);
  if (!to) return to.error();

  ProgressBar bar("Copying");
  const std::string& target_name = (*target)->display_name();
  const core::CopyAudit audit{ctx.actor(), (*source)->display_name()};
  core::Result<core::CopyReport> report =
      core::CopyDatabase(**from, **to, ctx.clock().Now(), target_name, BarProgress(bar), &audit);
  bar.Finish();
  if (!report) return report.error();

  if (ctx.json()) {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& [name, rows] : report->tables) tables[name] = rows;
    PrintJson(ctx.out(), nlohmann::json{{"rows", report->rows}, {"tables", tables}});
    return core::Ok();
  }
  std::string tables;
  for (const auto& [name, rows] : report->tables) {
    tables += (tables.empty() ? " " : ", ") + name + " " + std::to_string(rows);
  }
  ctx.out() << "Copied " << Count(report->rows, "row") << " from '"
            << TerminalSafe((*source)->display_name()) << "' to '" << TerminalSafe(target_name)
            << "':" << tables << ".\n"
            << "Passwords work on the target when it uses the same pepper "
               "(ITEMCTL_SECRET_KEY, --secret-key-file or the source's key file).\n";
  return core::Ok();
}

core::Status RunBackup(Context& ctx, const core::BackupOptions& o) {
  core::Result<std::unique_ptr<core::Backend>> source =
      core::OpenBackend({.url = ctx.options().db_path, .mode = core::OpenMode::kMustExist});
  if (!source) return source.error();
  const auto started = std::chrono::steady_clock::now();
  ProgressBar bar("Backing up");
  core::Result<core::BackupReport> report =
      core::BackupDatabase(**source, ctx.actor(), o, ctx.clock().Now(), BarProgress(bar));
  bar.Finish();
  if (!report) return report.error();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (ctx.json()) {
    PrintJson(ctx.out(), nlohmann::json{{"database", (*source)->display_name()},
                                        {"file", o.file},
                                        {"bytes", report->bytes},
                                        {"users", report->users},
                                        {"items", report->items},
                                        {"seconds", std::round(seconds * 1000) / 1000}});
    return core::Ok();
  }
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.2f", seconds);
  ctx.out() << "Backed up '" << TerminalSafe((*source)->display_name()) << "' to '"
            << TerminalSafe(o.file) << "': " << Count(report->bytes, "byte") << ", "
            << Count(report->users, "user") << ", " << Count(report->items, "item") << " in "
            << elapsed << " s.\n";
  return core::Ok();
}

void AddBackupCommand(CLI::App& db, Action& chosen) {
  auto o = std::make_shared<core::BackupOptions>();
  CLI::App* backup = db.add_subcommand(
      "backup",
      "Write a consistent copy of the --db database into the SQLite file FILE while it keeps "
      "serving: staged beside FILE, checked (PRAGMA integrity_check), renamed into place. From "
      "PostgreSQL, a SQLite snapshot that 'db copy' restores. Not in it: the key file <db>.key "
      "(keep a copy of that too)");
  backup->add_option("file", o->file, "Backup file to write (mode 0600); opens with --db FILE")
      ->required();
  backup->add_flag("--force", o->force, "Replace FILE if it exists");
  backup->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunBackup(ctx, *o); };
  });
}

}  // namespace

void AddDbCommands(CLI::App& root, Action& chosen) {
  CLI::App* db = root.add_subcommand("db", "Whole-database operations");
  db->require_subcommand(1);
  auto o = std::make_shared<CopyOptions>();

  CLI::App* copy = db->add_subcommand(
      "copy",
      "Copy every table from SOURCE to TARGET (SQLite files or postgresql:// URLs) in one "
      "snapshot, keeping ids; TARGET must be empty or freshly migrated");
  copy->add_option("source", o->source, "Database to copy from (it may keep serving)")
      ->required();
  copy->add_option("target", o->target, "Database to copy to (a SQLite file is created)")
      ->required();
  copy->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunCopy(ctx, *o); };
  });
  AddBackupCommand(*db, chosen);
}

}  // namespace itemctl::cmd
