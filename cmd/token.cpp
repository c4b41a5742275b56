// `itemctl token list [--user USER]|revoke SESSION_ID|purge`: login
// sessions. Tokens themselves are never shown; only their metadata.

#include <memory>

#include "cmd/commands.hpp"
#include "cmd/output.hpp"
#include "core/services/login_throttle.hpp"
#include "core/services/sessions.hpp"
#include "core/services/users.hpp"
#include "web/json_mapping.hpp"

namespace itemctl::cmd {

namespace {

struct TokenOptions {
  core::Id id = 0;
  std::optional<std::string> username;
};

// Runs `verb` on the Sessions service of the context's database.
template <typename Verb>
core::Status WithSessions(Context& ctx, Verb verb) {
  core::Result<const core::ServiceSet*> services = ctx.Services(Context::Hashing::kNeeded);
  if (!services) return services.error();
  core::Sessions sessions = (*services)->sessions();
  return verb(sessions, **services);
}

core::Status RunList(Context& ctx, const TokenOptions& o) {
  return WithSessions(ctx, [&](core::Sessions& sessions,
                               const core::ServiceSet& services) -> core::Status {
    std::optional<core::Id> user_id;
    if (o.username) {
      core::Result<core::User> user =
          services.users().Find(*o.username);
      if (!user) return user.error();
      user_id = user->id;
    }
    core::Result<std::vector<core::Session>> list = sessions.ListAll(user_id);
    if (!list) return list.error();
    if (ctx.json()) {
      PrintJson(ctx.out(), web::ToJsonArray(*list));
    } else {
      std::vector<core::Id> user_ids;
      user_ids.reserve(list->size());
      for (const core::Session& session : *list) user_ids.push_back(session.user_id);
      core::Result<Usernames> names = services.UsernamesById(user_ids);
      if (!names) return names.error();
      SessionTable(*list, *names).Print(ctx.out());
    }
    return core::Ok();
  });
}

core::Status RunRevoke(Context& ctx, const TokenOptions& o) {
  return WithSessions(ctx, [&](core::Sessions& sessions, const core::ServiceSet&) -> core::Status {
    if (core::Status s = sessions.Revoke(ctx.actor(), o.id); !s) return s;
    if (ctx.json()) {
      PrintJson(ctx.out(), web::Detail("Revoked session " + std::to_string(o.id)));
    } else {
      ctx.out() << "Revoked session " << o.id << ".\n";
    }
    return core::Ok();
  });
}

core::Status RunPurge(Context& ctx, const TokenOptions&) {
  return WithSessions(ctx, [&](core::Sessions& sessions,
                               const core::ServiceSet& services) -> core::Status {
    core::Result<std::int64_t> purged = sessions.PurgeExpired();
    if (!purged) return purged.error();
    // Like serve's purge job: failed logins past their window go too.
    core::Result<std::int64_t> pruned =
        services.login_throttle().PruneExpired();
    if (!pruned) return pruned.error();
    if (ctx.json()) {
      PrintJson(ctx.out(), nlohmann::json{{"deleted", *purged}});
    } else {
      ctx.out() << "Deleted " << Count(*purged, "expired session") << ".\n";
    }
    return core::Ok();
  });
}

void Choose(CLI::App* command, Action& chosen, std::shared_ptr<TokenOptions> o,
            core::Status (*run)(Context&, const TokenOptions&)) {
  command->callback([&chosen, o, run] {
    chosen = [o, run](Context& ctx) { return run(ctx, *o); };
  });
}

}  // namespace

void AddTokenCommands(CLI::App& root, Action& chosen) {
  CLI::App* token = root.add_subcommand("token", "Inspect and end login sessions");
  token->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();

  CLI::App* list = token->add_subcommand("list", "List sessions, newest first (never the tokens)");
  list->add_option("--user", o->username, "Only the sessions of this user (username or id)");
  Choose(list, chosen, o, RunList);

  CLI::App* revoke = token->add_subcommand("revoke", "End one session");
  AddIdArgument(revoke, "session_id", "session's id", o->id);
  Choose(revoke, chosen, o, RunRevoke);

  CLI::App* purge = token->add_subcommand(
      "purge", "Delete sessions whose refresh token expired (for a system cron job)");
  Choose(purge, chosen, o, RunPurge);
}

}  // namespace itemctl::cmd
