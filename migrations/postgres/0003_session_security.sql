-- Session security (SPEC §8 "Sessions"): the refresh tokens each live
-- session has rotated out, as in the SQLite 0003_session_security.sql. Only
-- SHA-256 hex digests are kept; the rows go with their session (ON DELETE
-- CASCADE).

CREATE TABLE rotated_refresh_tokens (
  refresh_token_hash TEXT PRIMARY KEY,
  session_id         BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  rotated_at         BIGINT NOT NULL
);
CREATE INDEX rotated_refresh_tokens_by_session ON rotated_refresh_tokens (session_id);
