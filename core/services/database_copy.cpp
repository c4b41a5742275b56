#include "core/services/database_copy.hpp"

#include "core/services/audit_trail.hpp"

namespace itemctl::core {

namespace {

// Rows per InsertRows; progress is reported after each batch.
constexpr std::int64_t kBatchRows = 1000;

// Ends the source's snapshot however the copy ends.
class SnapshotGuard {
 public:
  explicit SnapshotGuard(TableCopy& tables) : tables_(tables) {}
  SnapshotGuard(const SnapshotGuard&) = delete;
  SnapshotGuard& operator=(const SnapshotGuard&) = delete;
  ~SnapshotGuard() { (void)tables_.EndSnapshot(); }

 private:
  TableCopy& tables_;
};

Status CheckTargetEmpty(Store& target, const std::string& target_name) {
  Result<bool> has_users = target.users().AnyExists();
  if (!has_users) return has_users.error();
  if (!*has_users) return Ok();
  return MakeError(Errc::kFailedPrecondition,
                   "target '" + target_name +
                       "' already has users: db copy needs an empty or freshly migrated target");
}

}  // namespace

Result<CopyReport> CopyDatabase(Store& source, Store& target, UnixSeconds now,
                                const std::string& target_name, const CopyProgress& progress,
                                const CopyAudit* audit) {
  if (Status current = source.schema().RequireCurrent(); !current) return current.error();
  if (Result<int> migrated = target.schema().ApplyPending(now); !migrated) {
    return migrated.error();
  }
  if (Status empty = CheckTargetEmpty(target, target_name); !empty) return empty.error();

  TableCopy& from = source.table_copy();
  TableCopy& to = target.table_copy();
  if (Status begun = from.BeginSnapshot(); !begun) return begun.error();
  SnapshotGuard guard(from);

  CopyReport report;
  for (const Table& table : CopiedTables()) {
    Result<std::int64_t> count = from.CountRows(table);
    if (!count) return count.error();
    report.tables.emplace_back(table.name, *count);
    report.rows += *count;
  }
  const std::vector<Table>& tables = CopiedTables();
  Status copied = target.Transact([&]() -> Status {
    // A retried transaction starts over: the target rolled back, the
    // snapshot is the same.
    if (Status empty = CheckTargetEmpty(target, target_name); !empty) return empty;
    // The seed rows of the target's migrations (roles, versions) make way
    // for the source's own, children first.
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
      if (Status s = to.DeleteRows(*it); !s) return s;
    }
    std::int64_t done = 0;
    std::vector<Row> batch;
    for (const Table& table : tables) {
      auto flush = [&]() -> Status {
        if (Status s = to.InsertRows(table, batch); !s) return s;
        done += static_cast<std::int64_t>(batch.size());
        batch.clear();
        if (progress) progress(done, report.rows);
        return Ok();
      };
      Status rows = from.ReadRows(table, [&](const Row& row) -> Status {
        batch.push_back(row);
        return static_cast<std::int64_t>(batch.size()) < kBatchRows ? Ok() : flush();
      });
      if (!rows) return rows;
      if (!batch.empty()) {
        if (Status s = flush(); !s) return s;
      }
      if (table.generated_ids) {
        if (Status s = to.AdvanceIds(table); !s) return s;
      }
    }
    if (!audit) return Ok();
    return RecordAudit(target, audit->actor, now,
                       {audit_action::kDbCopy, AuditTarget{"database", {}, target_name},
                        {{"from", audit->source_name}, {"rows", report.rows}}});
  });
  if (!copied) return copied.error();
  return report;
}

}  // namespace itemctl::core
