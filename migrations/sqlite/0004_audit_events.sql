-- The audit trail (SPEC §10): one row per change made by an admin or through
-- the CLI, written in the same transaction as the change. `actor` is the
-- username (with `actor_id`) or "cli:<os user>"; `source` says where the
-- change came from, `address` is the API client's. `changes` is a JSON
-- object of the changed fields and their new values, never a secret.
-- Newest first is the usual question, hence the id-ordered indexes.

CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  actor_id    INTEGER,
  source      TEXT NOT NULL CHECK (source IN ('api', 'cli')),
  address     TEXT,
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id   INTEGER,
  target_name TEXT,
  changes     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_actor ON audit_events (actor, id);
CREATE INDEX audit_events_by_action ON audit_events (action, id);
