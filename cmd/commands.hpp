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

// Migrates the database (creating it when missing) and creates the first
// admin (migrate.cpp; `serve` runs it too).
core::Result<core::BootstrapReport> BootstrapDatabase(Context& ctx);
// Tells how the admin was created, printing a generated password once.
// Prints nothing when no admin was created.
void PrintAdminCredentials(std::ostream& out, const core::BootstrapReport& report);

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
};
void AddListOptions(CLI::App* command, ListOptions& options);
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
