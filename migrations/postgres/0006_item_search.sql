-- Listings that stay fast as items grow (issue 12), as in the SQLite
-- 0006_item_search.sql: the total of an unfiltered listing and the matches
-- of a substring filter come from structures kept in step with `items` in
-- the transaction of each write, instead of a scan of the table per request.
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

-- item_count: the number of items, one row, kept by a trigger.
CREATE TABLE item_count (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  total BIGINT NOT NULL
);
INSERT INTO item_count (id, total) SELECT 1, count(*) FROM items;
CREATE FUNCTION item_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE item_count SET total = total + 1 WHERE id = 1;
  ELSE
    UPDATE item_count SET total = total - 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER item_count_follow AFTER INSERT OR DELETE ON items
  FOR EACH ROW EXECUTE FUNCTION item_count_follow();
