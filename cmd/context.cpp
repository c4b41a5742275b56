#include "cmd/context.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <ostream>
#include <utility>

#include "core/services/secret_key.hpp"

namespace itemctl::cmd {

std::optional<std::string> EnvValue(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string CliActorName() {
  for (const char* name : {"LOGNAME", "USER"}) {
    std::optional<std::string> login = EnvValue(name);
    if (login && !login->empty()) return "cli:" + *login;
  }
  return "cli:uid:" + std::to_string(geteuid());
}

Context::Context(GlobalOptions options, std::ostream& out)
    : options_(std::move(options)), out_(out) {}

Context::~Context() = default;

bool Context::OutIsTerminal() const {
  // Only standard output can be a terminal; any other stream is not.
  return &out_ == &std::cout && ::isatty(STDOUT_FILENO) == 1;
}

core::Result<const core::ServiceSet*> Context::Services(Hashing hashing) {
  return Open(core::OpenMode::kMustExist, true, hashing);
}

core::Result<const core::ServiceSet*> Context::ServicesForMigration(core::OpenMode mode,
                                                                   Hashing hashing) {
  return Open(mode, false, hashing);
}

core::Result<const core::ServiceSet*> Context::Open(core::OpenMode mode, bool check_schema,
                                                   Hashing hashing) {
  if (!services_) {
    core::Result<std::unique_ptr<core::Backend>> backend =
        core::OpenBackend({.url = options_.db_path, .mode = mode});
    if (!backend) return backend.error();
    auto hub = std::make_unique<core::ServiceHub>(std::move(*backend),
                                                  core::ServiceDeps{.clock = clock_});
    // A read lease: on a read-only SQLite file the reads of a command still
    // work and its first write fails with the engine's own error; on a
    // writable file it writes like any other lease.
    core::Result<core::ServiceLease> lease = hub->Acquire(core::LeaseUse::kRead);
    if (!lease) return lease.error();
    if (check_schema) {
      if (core::Status current = (*lease)->schema().RequireCurrent(); !current) {
        return current.error();
      }
    }
    spdlog::debug("database '{}' opened", hub->backend().display_name());
    hub_ = std::move(hub);
    services_.emplace(std::move(*lease));
  }
  if (hashing == Hashing::kNeeded) {
    core::Result<const core::PasswordHasher*> hasher = Hasher();
    if (!hasher) return hasher.error();
    hub_->SetHasher(*hasher);
  }
  return &**services_;
}

const std::string& Context::DatabaseName() const {
  return hub_ ? hub_->backend().display_name() : options_.db_path;
}

core::Result<const core::PasswordHasher*> Context::Hasher() {
  if (hasher_) return hasher_.get();
  core::Result<std::string> pepper = core::LoadSecretKey(
      options_.db_path, {EnvValue("ITEMCTL_SECRET_KEY"), options_.secret_key_file});
  if (!pepper) return pepper.error();
  hasher_ = std::make_unique<core::PasswordHasher>(std::move(*pepper), core::Argon2Params{},
                                                   hashing_limits_);
  return hasher_.get();
}

}  // namespace itemctl::cmd
