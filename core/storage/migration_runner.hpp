#pragma once
// The engine-neutral half of migrating: which migrations are applied,
// checksum drift, "run itemctl migrate". An engine supplies a
// MigrationLedger (its schema_migrations table and how to apply one file
// atomically); MigrationRunner turns it into a SchemaMigrator.

#include <string>
#include <vector>

#include "core/storage/migrations.hpp"

namespace itemctl::core {

struct AppliedMigration {
  int version = 0;
  std::string name;
  UnixSeconds applied_at = 0;
  std::string checksum;
};

class MigrationLedger {
 public:
  virtual ~MigrationLedger() = default;
  // The database for messages (a path, or a URL with its password masked).
  virtual const std::string& display_name() const = 0;
  // The rows of schema_migrations by version; empty when the table does not
  // exist yet (reading never creates it).
  virtual Result<std::vector<AppliedMigration>> ReadApplied() = 0;
  // In one transaction, under a lock every instance takes: creates the
  // table if needed and, unless `migration.version` is recorded by now
  // (another instance got there first: returns false), runs its SQL and
  // records it. True when this call applied it.
  virtual Result<bool> Apply(const Migration& migration, UnixSeconds now) = 0;
};

class MigrationRunner final : public SchemaMigrator {
 public:
  MigrationRunner(MigrationLedger& ledger, const std::vector<Migration>& migrations)
      : ledger_(ledger), migrations_(migrations) {}

  Result<std::vector<MigrationStatus>> Status() override;
  Result<int> ApplyPending(UnixSeconds now) override;
  core::Status RequireCurrent() override;
  int LatestVersion() const override {
    return migrations_.empty() ? 0 : migrations_.back().version;
  }

 private:
  MigrationLedger& ledger_;
  const std::vector<Migration>& migrations_;
};

}  // namespace itemctl::core
