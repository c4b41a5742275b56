#include "cmd/context.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <ostream>
#include <utility>

#include "core/services/secret_key.hpp"
#include "core/storage/migrator.hpp"

namespace itemctl::cmd {

std::optional<std::string> EnvValue(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Context::Context(GlobalOptions options, std::ostream& out)
    : options_(std::move(options)), out_(out) {}

Context::~Context() = default;

bool Context::OutIsTerminal() const {
  // Only standard output can be a terminal; any other stream is not.
  return &out_ == &std::cout && ::isatty(STDOUT_FILENO) == 1;
}

core::Result<core::Database*> Context::Db() {
  if (db_) return db_.get();
  core::Result<std::unique_ptr<core::Database>> opened =
      core::Database::Open(options_.db_path, core::OpenMode::kMustExist);
  if (!opened) return opened.error();
  core::Migrator migrator(**opened);
  if (core::Status current = migrator.RequireCurrent(); !current) return current.error();
  db_ = std::move(*opened);
  spdlog::debug("database '{}' opened", options_.db_path);
  return db_.get();
}

core::Result<core::Database*> Context::DbForMigration(core::OpenMode mode) {
  if (db_) return db_.get();
  core::Result<std::unique_ptr<core::Database>> opened =
      core::Database::Open(options_.db_path, mode);
  if (!opened) return opened.error();
  db_ = std::move(*opened);
  spdlog::debug("database '{}' opened for migration", options_.db_path);
  return db_.get();
}

core::Result<const core::PasswordHasher*> Context::Hasher() {
  if (hasher_) return hasher_.get();
  core::Result<std::string> pepper =
      core::LoadOrCreateSecretKey(options_.db_path, EnvValue("ITEMCTL_SECRET_KEY"));
  if (!pepper) return pepper.error();
  hasher_ = std::make_unique<core::PasswordHasher>(std::move(*pepper), core::Argon2Params{},
                                                   hashing_limits_);
  return hasher_.get();
}

}  // namespace itemctl::cmd
