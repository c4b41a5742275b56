#include "core/storage/postgres/pg_audit_store.hpp"

#include <string>

#include "core/storage/audit_changes_codec.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter); the casts give the
// NULL-able parameters a type.
constexpr const char* kWhereFilter =
    "WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2)"
    " AND ($3::bigint IS NULL OR at >= $3)";

PgParams FilterParams(const AuditFilter& filter) {
  PgParams params;
  params.Add(filter.actor).Add(filter.action).Add(filter.since);
  return params;
}

AuditEvent ReadEvent(const PgResult& r, int row) {
  AuditEvent event;
  event.id = r.Int(row, 0);
  event.at = r.Int(row, 1);
  event.actor = r.Text(row, 2);
  event.actor_id = r.OptionalInt(row, 3);
  event.source = r.Text(row, 4);
  event.address = r.OptionalText(row, 5);
  event.action = r.Text(row, 6);
  event.target = AuditTarget{r.Text(row, 7), r.OptionalInt(row, 8), r.OptionalText(row, 9)};
  event.changes = DecodeAuditChanges(r.Text(row, 10));
  return event;
}

}  // namespace

Result<Id> PgAuditStore::Insert(const AuditEvent& event) {
  Result<PgResult> r = conn_.Execute(
      "INSERT INTO audit_events (at, actor, actor_id, source, address, action, target_type,"
      " target_id, target_name, changes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
      " RETURNING id",
      PgParams()
          .Add(event.at)
          .Add(event.actor)
          .Add(event.actor_id)
          .Add(event.source)
          .Add(event.address)
          .Add(event.action)
          .Add(event.target.type)
          .Add(event.target.id)
          .Add(event.target.name)
          .Add(EncodeAuditChanges(event.changes)));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::int64_t> PgAuditStore::Count(const AuditFilter& filter) {
  static const std::string sql = std::string("SELECT count(*) FROM audit_events ") + kWhereFilter;
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter));
  if (!r) return r.error();
  return r->Int(0, 0);
}

Result<std::vector<AuditEvent>> PgAuditStore::List(const AuditFilter& filter, std::int64_t limit,
                                                   std::int64_t offset) {
  static const std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_events " +
                                 kWhereFilter + " ORDER BY id DESC LIMIT $4 OFFSET $5";
  Result<PgResult> r = conn_.Execute(sql, FilterParams(filter).Add(limit).Add(offset));
  if (!r) return r.error();
  std::vector<AuditEvent> events;
  for (int row = 0; row < r->rows(); ++row) events.push_back(ReadEvent(*r, row));
  return events;
}

Result<std::int64_t> PgAuditStore::DeleteBefore(UnixSeconds before) {
  Result<PgResult> r =
      conn_.Execute("DELETE FROM audit_events WHERE at < $1", PgParams().Add(before));
  if (!r) return r.error();
  return r->AffectedRows();
}

Result<std::map<std::string, std::int64_t>> PgAuditStore::CountByAction() {
  Result<PgResult> r = conn_.Execute("SELECT action, count(*) FROM audit_events GROUP BY action");
  if (!r) return r.error();
  std::map<std::string, std::int64_t> counts;
  for (int row = 0; row < r->rows(); ++row) counts[r->Text(row, 0)] = r->Int(row, 1);
  return counts;
}

}  // namespace itemctl::core
