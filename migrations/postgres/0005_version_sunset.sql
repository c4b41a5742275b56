-- Version sunset (SPEC §10), as in the SQLite 0005_version_sunset.sql:
-- V is served until sunset_at with Deprecation and Sunset headers, and
-- unsupported from then on; sunset_announced_at is when the admin set it.
-- Unix seconds; both NULL, or both set.

ALTER TABLE versions ADD COLUMN sunset_at BIGINT;
ALTER TABLE versions ADD COLUMN sunset_announced_at BIGINT;
