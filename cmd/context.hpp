#pragma once
// What every subcommand's action receives: the global options, the clock,
// the output stream, and core's services over the database of --db with the
// password hasher, each opened on first use so a command pays only for
// what it touches. Single-threaded.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/password_hasher.hpp"
#include "core/services/service_set.hpp"
#include "core/storage/open_backend.hpp"

namespace itemctl::cmd {

inline constexpr const char* kDefaultDbPath = "./itemctl.db";

// The options every command accepts (before or after the subcommand).
struct GlobalOptions {
  std::string db_path = kDefaultDbPath;  // --db, env ITEMCTL_DB: a path or a postgresql:// URL
  std::optional<std::string> secret_key_file;  // --secret-key-file, env ITEMCTL_SECRET_KEY_FILE
  bool json = false;                     // --json: the API's JSON shapes
  std::string log_level = "info";        // --log-level
  std::string log_format = "text";       // --log-format
};

// The value of environment variable `name`, nullopt when unset.
std::optional<std::string> EnvValue(const char* name);

// "cli:" and the login name ($LOGNAME, else $USER), else "cli:uid:<uid>".
// The environment rather than getpwuid: the static binary has no NSS, and
// whoever can write the database could claim any name anyway.
std::string CliActorName();

class Context {
 public:
  Context(GlobalOptions options, std::ostream& out);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const GlobalOptions& options() const { return options_; }
  bool json() const { return options_.json; }
  std::ostream& out() { return out_; }
  // Whether out() is a terminal a person reads, rather than a pipe, a file,
  // systemd's journal or `docker logs`: secrets are shown only there.
  bool OutIsTerminal() const;
  const core::Clock& clock() const { return clock_; }
  // The CLI administers the file it can write: it acts as the system,
  // named "cli:<os user>" in the audit trail (CliActorName()).
  core::Actor actor() const { return core::Actor::System(CliActorName()); }

  // Whether a command's services include the password hasher (users(),
  // sessions(), throttled_login()), which reads or creates the key file.
  enum class Hashing { kNone, kNeeded };
  // The services of ordinary commands: the database must exist and its
  // schema must be current (kStorage, kSchemaOutOfDate otherwise). Opened
  // once, and held for the command.
  core::Result<const core::ServiceSet*> Services(Hashing hashing = Hashing::kNone);
  // The services of `migrate` and `serve`: the database is created when
  // `mode` allows, any schema. Services() afterwards reuses them without
  // the schema check.
  core::Result<const core::ServiceSet*> ServicesForMigration(core::OpenMode mode,
                                                            Hashing hashing = Hashing::kNone);
  // The database for messages: the path, or the URL with its password
  // masked (once the services are open; until then the --db value).
  const std::string& DatabaseName() const;
  // The password hasher, peppered with ITEMCTL_SECRET_KEY, the
  // --secret-key-file, or (SQLite) the key file beside the database
  // (created on first use); see core::LoadSecretKey. Built once.
  core::Result<const core::PasswordHasher*> Hasher();
  // How the hasher bounds Argon2 work; call before the first Hasher(). By
  // default a command waits for a worker as long as it takes.
  void SetHashingLimits(core::HashingLimits limits) { hashing_limits_ = std::move(limits); }

 private:
  GlobalOptions options_;
  std::ostream& out_;
  core::SystemClock clock_;
  core::Result<const core::ServiceSet*> Open(core::OpenMode mode, bool check_schema,
                                            Hashing hashing);

  std::unique_ptr<core::PasswordHasher> hasher_;
  std::unique_ptr<core::ServiceHub> hub_;
  std::optional<core::ServiceLease> services_;
  core::HashingLimits hashing_limits_;
};

}  // namespace itemctl::cmd
