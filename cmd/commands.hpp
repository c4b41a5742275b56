#pragma once
// The subcommand families of `itemctl`, one source file per noun, and the
// option helpers they share. "Parse now, act later": each AddXCommands adds
// its subcommands to `root`; when CLI11 parses one, its callback stores in
// `chosen` the Action to run after parsing succeeded. Actions call core
// services only and return their Status; cli.cpp maps it to an exit code.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cmd/context.hpp"
#include "core/domain/error.hpp"
#include "core/domain/models.hpp"
#include "core/services/bootstrap.hpp"

namespace itemctl::cmd {

using Action = std::function<core::Status(Context&)>;

void AddMigrateCommands(CLI::App& root, Action& chosen);
void AddUserCommands(CLI::App& root, Action& chosen);
void AddItemCommands(CLI::App& root, Action& chosen);
void AddRoleCommands(CLI::App& root, Action& chosen);
void AddVersionCommands(CLI::App& root, Action& chosen);
void AddTokenCommands(CLI::App& root, Action& chosen);
void AddServeCommands(CLI::App& root, Action& chosen);
void AddDbCommands(CLI::App& root, Action& chosen);
void AddAuditCommands(CLI::App& root, Action& chosen);
void AddConfigCommands(CLI::App& root, Action& chosen);  // after AddServeCommands
void AddDoctorCommands(CLI::App& root, Action& chosen);

// Migrates the database (creating it when missing) and creates the first
// admin (migrate.cpp; `serve` runs it too). Before creating a database whose
// generated admin password would go to a file (admin_credentials.cpp), fails
// with kAlreadyExists when that file is already there.
core::Result<core::BootstrapReport> BootstrapDatabase(Context& ctx);

// admin_credentials.cpp. A generated admin password is shown only on a
// terminal. When stdout is anything else (systemd's journal, `docker logs`,
// a pipe) it goes to AdminPasswordPath: created exclusively with mode 0600,
// the password and a newline, never overwritten.
// "<db>.admin-password"; on PostgreSQL "itemctl.admin-password" in the
// working directory.
std::string AdminPasswordPath(const Context& ctx);
// Fails with kAlreadyExists before a first run (no database file yet) when
// the password would go to a file and that file exists: nothing is created.
core::Status CheckAdminPasswordFileFree(const Context& ctx);
// Writes `password` to the file unless stdout is a terminal. Returns the
// file's path, or nullopt when the caller is to show the password itself.
// kAlreadyExists when the file exists, kStorage when it cannot be written.
core::Result<std::optional<std::string>> StoreAdminPasswordUnlessTerminal(
    const Context& ctx, const std::string& password);
// Tells on out() how the admin was created, showing a generated password on
// a terminal or the path of the file holding it. Prints nothing when no
// admin was created; errors as StoreAdminPasswordUnlessTerminal.
core::Status PrintAdminCredentials(Context& ctx, const core::BootstrapReport& report);

// Adds required positional `name` (e.g. "item_id") holding a positive integer
// id; anything else is a usage error naming the value
// ("item_id: 'abc' is not a positive whole number"). `what` is for --help.
CLI::Option* AddIdArgument(CLI::App* command, const std::string& name, const std::string& what,
                           core::Id& id);

// --page, --limit and --all for a listing.
struct ListOptions {
  std::optional<std::int64_t> page;
  std::optional<std::int64_t> limit;
  bool all = false;
  std::optional<std::int64_t> after_id;  // item list only (AddAfterIdOption)
};
void AddListOptions(CLI::App* command, ListOptions& options);
// --after-id: the rows after that id instead of a --page (keyset paging).
void AddAfterIdOption(CLI::App* command, ListOptions& options);
// The page to ask core for: page 1 of every row with --all, else the flags
// (kInvalidArgument for page or limit < 1). The CLI default limit is 20.
core::Result<core::PageRequest> ToPageRequest(const ListOptions& options);
// With --all the page holds every row: report its size as the limit.
template <typename T>
void AdjustAllPage(const ListOptions& options, core::Page<T>& page) {
  if (options.all) page.limit = page.total > 0 ? page.total : 1;
}

// Parses "true"/"false" (also yes/no, 1/0) for flags like --activated.
CLI::Option* AddBoolOption(CLI::App* command, const std::string& name, std::optional<bool>& value,
                           const std::string& help);

}  // namespace itemctl::cmd
