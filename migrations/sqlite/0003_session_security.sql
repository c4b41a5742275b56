-- Session security (SPEC §8 "Sessions"): the refresh tokens each live session
-- has rotated out, so presenting one again is recognised as theft and ends
-- the whole session. Only SHA-256 hex digests are kept, as for live tokens;
-- the rows go with their session (ON DELETE CASCADE: logout, revoke, purge,
-- eviction, a password change).

CREATE TABLE rotated_refresh_tokens (
  refresh_token_hash TEXT PRIMARY KEY,
  session_id         INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  rotated_at         INTEGER NOT NULL
);
CREATE INDEX rotated_refresh_tokens_by_session ON rotated_refresh_tokens (session_id);
