-- The schema of SPEC §1. Timestamps are Unix seconds (UTC); the API renders
-- them as ISO 8601. Uniqueness and references are enforced here, not in code.

CREATE TABLE roles (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'user');

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 30),
  password_hash TEXT NOT NULL,
  activated     INTEGER NOT NULL DEFAULT 1 CHECK (activated IN (0, 1)),
  role_id       INTEGER NOT NULL REFERENCES roles (id),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER
);

CREATE TABLE items (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL UNIQUE,
  description TEXT,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER
);
CREATE INDEX items_by_owner ON items (user_id);

CREATE TABLE sessions (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform           TEXT NOT NULL,
  access_token_hash  TEXT NOT NULL UNIQUE,
  access_expires_at  INTEGER NOT NULL,
  refresh_token_hash TEXT NOT NULL UNIQUE,
  refresh_expires_at INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  last_used_at       INTEGER
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);
CREATE INDEX sessions_by_refresh_expiry ON sessions (refresh_expires_at);

CREATE TABLE versions (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  version   TEXT NOT NULL UNIQUE,
  supported INTEGER NOT NULL DEFAULT 0 CHECK (supported IN (0, 1))
);
INSERT INTO versions (version, supported) VALUES
  ('0.1', 0), ('0.2', 0), ('0.3', 0), ('0.4', 0),
  ('0.5', 0), ('0.6', 0), ('0.7', 0), ('0.8', 0),
  ('1.0', 1);
