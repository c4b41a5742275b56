#include "core/storage/sqlite/sqlite_audit_store.hpp"

#include <string>

#include "core/storage/audit_changes_codec.hpp"

namespace itemctl::core {

namespace {

// Static filter SQL (a NULL parameter means no filter), so each listing
// statement is prepared once per connection whatever the filters are.
constexpr const char* kWhereFilter =
    "WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2)"
    " AND (?3 IS NULL OR at >= ?3)";

Query& BindFilter(Query& q, const AuditFilter& filter) {
  return q.Bind(filter.actor).Bind(filter.action).Bind(filter.since);
}

AuditEvent ReadEvent(const Query& q) {
  AuditEvent event;
  event.id = q.Int(0);
  event.at = q.Int(1);
  event.actor = q.Text(2);
  event.actor_id = q.OptionalInt(3);
  event.source = q.Text(4);
  event.address = q.OptionalText(5);
  event.action = q.Text(6);
  event.target = AuditTarget{q.Text(7), q.OptionalInt(8), q.OptionalText(9)};
  event.changes = DecodeAuditChanges(q.Text(10));
  return event;
}

}  // namespace

Result<Id> SqliteAuditStore::Insert(const AuditEvent& event) {
  Result<Query> q = db_.Prepare(
      "INSERT INTO audit_events (at, actor, actor_id, source, address, action, target_type,"
      " target_id, target_name, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!q) return q.error();
  q->Bind(event.at)
      .Bind(event.actor)
      .Bind(event.actor_id)
      .Bind(event.source)
      .Bind(event.address)
      .Bind(event.action)
      .Bind(event.target.type)
      .Bind(event.target.id)
      .Bind(event.target.name)
      .Bind(EncodeAuditChanges(event.changes));
  if (Status s = q->Run(); !s) return s.error();
  return db_.LastInsertId();
}

Result<std::int64_t> SqliteAuditStore::Count(const AuditFilter& filter) {
  static const std::string sql = std::string("SELECT count(*) FROM audit_events ") + kWhereFilter;
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  Result<bool> row = BindFilter(*q, filter).Step();
  if (!row) return row.error();
  return q->Int(0);
}

Result<std::vector<AuditEvent>> SqliteAuditStore::List(const AuditFilter& filter,
                                                       std::int64_t limit, std::int64_t offset) {
  static const std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_events " +
                                 kWhereFilter + " ORDER BY id DESC LIMIT ?4 OFFSET ?5";
  Result<Query> q = db_.Prepare(sql);
  if (!q) return q.error();
  BindFilter(*q, filter).Bind(limit).Bind(offset);
  std::vector<AuditEvent> events;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return events;
    events.push_back(ReadEvent(*q));
  }
}

Result<std::int64_t> SqliteAuditStore::DeleteBefore(UnixSeconds before) {
  Result<Query> q = db_.Prepare("DELETE FROM audit_events WHERE at < ?");
  if (!q) return q.error();
  if (Status s = q->Bind(before).Run(); !s) return s.error();
  return static_cast<std::int64_t>(db_.Changes());
}

Result<std::map<std::string, std::int64_t>> SqliteAuditStore::CountByAction() {
  Result<Query> q = db_.Prepare("SELECT action, count(*) FROM audit_events GROUP BY action");
  if (!q) return q.error();
  std::map<std::string, std::int64_t> counts;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row) return row.error();
    if (!*row) return counts;
    counts[q->Text(0)] = q->Int(1);
  }
}

}  // namespace itemctl::core
