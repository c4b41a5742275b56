// `itemctl version list|add|deprecate|support|sunset`: the API versions
// clients may announce in X-Version.

#include <memory>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "core/domain/validation.hpp"
#include "core/services/versions.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct VersionOptions {
  std::string version;
  bool unsupported = false;
  std::string sunset_at;  // sunset --at, as typed
  bool clear = false;     // sunset --clear
};

void PrintVersion(Context& ctx, const core::ApiVersion& version) {
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJson(version));
  } else {
    VersionTable({version}).Print(ctx.out());
  }
}

core::Status RunList(Context& ctx) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<std::vector<core::ApiVersion>> versions = (*services)->versions().List();
  if (!versions) return versions.error();
  if (ctx.json()) {
    PrintJson(ctx.out(), web::ToJsonArray(*versions));
  } else {
    VersionTable(*versions).Print(ctx.out());
  }
  return core::Ok();
}

core::Status RunAdd(Context& ctx, const VersionOptions& o) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::ApiVersion> added =
      (*services)->versions().Add(ctx.actor(), o.version, !o.unsupported);
  if (!added) return added.error();
  PrintVersion(ctx, *added);
  return core::Ok();
}

core::Status SetSupported(Context& ctx, const VersionOptions& o, bool supported) {
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::ApiVersion> changed =
      (*services)->versions().SetSupported(ctx.actor(), o.version, supported);
  if (!changed) return changed.error();
  PrintVersion(ctx, *changed);
  return core::Ok();
}

core::Status RunSunset(Context& ctx, const VersionOptions& o) {
  std::optional<core::UnixSeconds> at;
  if (!o.clear) {
    core::Result<core::UnixSeconds> parsed = core::ParseUtcTime("sunset date", o.sunset_at);
    if (!parsed) return parsed.error();
    at = *parsed;
  }
  core::Result<const core::ServiceSet*> services = ctx.Services();
  if (!services) return services.error();
  core::Result<core::ApiVersion> changed =
      (*services)->versions().Sunset(ctx.actor(), o.version, at);
  if (!changed) return changed.error();
  PrintVersion(ctx, *changed);
  return core::Ok();
}

}  // namespace

void AddVersionCommands(CLI::App& root, Action& chosen) {
  CLI::App* version = root.add_subcommand("version", "Manage the API versions clients may use");
  version->require_subcommand(1);
  auto o = std::make_shared<VersionOptions>();

  CLI::App* list = version->add_subcommand("list", "List known API versions");
  list->callback([&chosen] { chosen = RunList; });

  CLI::App* add = version->add_subcommand("add", "Add an API version (supported unless told)");
  add->add_option("version", o->version, "Version label, e.g. 1.1")->required();
  add->add_flag("--unsupported", o->unsupported, "Add it as not supported");
  add->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return RunAdd(ctx, *o); };
  });

  CLI::App* deprecate = version->add_subcommand(
      "deprecate", "Stop serving clients of a version (they get 426)");
  deprecate->add_option("version", o->version, "Version label")->required();
  deprecate->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return SetSupported(ctx, *o, false); };
  });

  CLI::App* support = version->add_subcommand(
      "support", "Serve clients of a version again (a passed sunset still applies)");
  support->add_option("version", o->version, "Version label")->required();
  support->callback([&chosen, o] {
    chosen = [o](Context& ctx) { return SetSupported(ctx, *o, true); };
  });

  CLI::App* sunset = version->add_subcommand(
      "sunset", "Retire a version on a date: served with Deprecation and Sunset headers until "
                "then, 426 from then on");
  sunset->add_option("version", o->version, "Version label")->required();
  CLI::Option* at = sunset->add_option(
      "--at", o->sunset_at,
      "DATE: 2027-01-31 (midnight UTC) or 2027-01-31T12:00:00Z, in the future");
  CLI::Option* clear =
      sunset->add_flag("--clear", o->clear,
                       "Withdraw the announcement (also after DATE): served without the headers");
  at->excludes(clear);
  sunset->callback([&chosen, o, at, clear] {
    if (at->count() + clear->count() == 0) {
      throw CLI::ValidationError("give --at DATE or --clear");
    }
    chosen = [o](Context& ctx) { return RunSunset(ctx, *o); };
  });
}

}  // namespace itemctl::cmd
