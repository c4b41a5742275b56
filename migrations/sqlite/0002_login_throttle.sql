-- Failed logins for the password-guessing throttle (SPEC §8), in the
-- database so every instance sharing it sees the same counts. One row per
-- counted failure of a subject: an account name as typed (`scope` 'account',
-- existing or not) or a client address ('address'). A row counts until
-- `expires_at` (the failure time plus the window in force when it was
-- recorded); the purge job deletes expired rows, and recording stops at the
-- limit, so a subject never holds more live rows than its limit.

CREATE TABLE login_failures (
  id         INTEGER PRIMARY KEY,
  scope      TEXT NOT NULL CHECK (scope IN ('account', 'address')),
  subject    TEXT NOT NULL,
  failed_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (scope, subject, expires_at);
CREATE INDEX login_failures_by_expiry ON login_failures (expires_at);
