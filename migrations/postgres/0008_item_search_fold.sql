-- Substring filters that recheck their candidates cheaply (issue 12). A
-- trigram index only narrows a LIKE to candidates, and each candidate is
-- checked again with the filter's expression. Migration 6 folded case with
-- translate(column, 'A..Z', 'a..z'), which costs about 2 µs a row: at
-- 1 000 000 items, `?name=item-09` (100 000 matches) spent about 200 of
-- its 240 ms counting in translate, and `?name=77777` rechecked 3 700
-- candidates. lower() under the "C" collation folds the same letters (ASCII
-- only, as SQLite's LIKE does, whatever the database's ctype locale) in a
-- byte loop: that count now takes 33 ms, the narrow page 2 ms instead of 8.
--
-- The store's filters (AsciiLower in core/storage/postgres/pg_rows.cpp)
-- compare the same expression, so the planner answers them from these
-- indexes. Building them blocks writes to `items` (not reads) for the
-- length of the build: about 10 s at 1 000 000 items.
DROP INDEX items_name_trigrams;
DROP INDEX items_description_trigrams;
CREATE INDEX items_name_trigrams ON items USING gin ((lower(name COLLATE "C")) gin_trgm_ops);
CREATE INDEX items_description_trigrams ON items USING gin (
  (lower(description COLLATE "C")) gin_trgm_ops);
