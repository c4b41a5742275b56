-- Version sunset (SPEC §10): `itemctl version sunset V --at DATE` keeps V
-- served until sunset_at, answering with Deprecation and Sunset headers,
-- and unsupported from then on. sunset_announced_at is when the admin set
-- it (the Deprecation header's date). Unix seconds; both NULL, or both set,
-- when no retirement is announced.

ALTER TABLE versions ADD COLUMN sunset_at INTEGER;
ALTER TABLE versions ADD COLUMN sunset_announced_at INTEGER;
