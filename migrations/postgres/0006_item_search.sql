-- Listings that stay fast as items grow (issue 12), as in the SQLite
-- 0006_item_search.sql: the matches of a substring filter come from indexes
-- kept in step with `items` in the transaction of each write, instead of a
-- scan of the table per request. Unlike SQLite, no count row: every insert
-- would update one row, serializing the writers of every instance, and an
-- import (one transaction) would walk a chain of one dead version per row
-- already inserted, quadratic in its size. The unfiltered total stays a
-- count(*), an index-only scan of the primary key.
--
-- pg_trgm's GIN indexes on the ASCII-lowercased name and description: the
-- store's filters are `translate(column, 'A..Z', 'a..z') LIKE pattern`, the
-- same expressions, so the planner answers them from the index. pg_trgm is a
-- trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX items_name_trigrams ON items USING gin (
  (translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) gin_trgm_ops);
CREATE INDEX items_description_trigrams ON items USING gin (
  (translate(description, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))
  gin_trgm_ops);
