#pragma once
// `itemctl doctor` (SPEC §10): is this installation healthy? Gathers the
// facts each check needs from the database (through its stores, on any
// schema version) and from the file system beside a SQLite database, and
// judges them with the verdicts of health_checks.hpp. Reads only: it never
// creates the key file, migrates or purges. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/domain/actor.hpp"
#include "core/domain/clock.hpp"
#include "core/domain/error.hpp"
#include "core/services/health_checks.hpp"
#include "core/services/secret_key.hpp"
#include "core/storage/store.hpp"

namespace itemctl::core {

// Every member has an initializer, so designated initializers may name any
// subset without -Wmissing-field-initializers.
struct DoctorSettings {
  std::string db{};                    // the --db value: a SQLite path or a PostgreSQL URL
  SecretKeySources secret_key{};       // where the password pepper comes from
  // The account limit `serve` runs with: an account at it is locked out.
  std::int64_t max_failures_per_account = ThrottleConfig{}.max_failures_per_account;
};

class Doctor {
 public:
  Doctor(Store& store, const Clock& clock, DoctorSettings settings)
      : store_(store), clock_(clock), settings_(std::move(settings)) {}

  // Every check, in the order of the kCheck* names (health_checks.hpp);
  // checks about files do not apply to PostgreSQL and pass saying so. A
  // check that cannot gather its facts (a missing table, a damaged page)
  // fails naming why; the others still run. Admin only (kPermissionDenied).
  Result<std::vector<HealthCheck>> Run(const Actor& actor);

 private:
  bool IsSqliteFile() const;
  // Passes `name`, a check of SQLite's files, saying why it does not apply.
  HealthCheck NoFileCheck(const std::string& name, const std::string& on_postgres) const;
  HealthCheck Schema();
  HealthCheck Integrity();
  HealthCheck KeyFile();
  HealthCheck DatabaseFiles();
  HealthCheck Admins();
  HealthCheck WalSize();
  HealthCheck ExpiredSessions(UnixSeconds now);
  HealthCheck LockedAccounts(UnixSeconds now);
  HealthCheck DiskSpaceNearDatabase();
  HealthCheck ClockSanity(UnixSeconds now);

  Store& store_;
  const Clock& clock_;
  DoctorSettings settings_;
};

// How many of `checks` failed.
std::size_t CountFailed(const std::vector<HealthCheck>& checks);

}  // namespace itemctl::core
